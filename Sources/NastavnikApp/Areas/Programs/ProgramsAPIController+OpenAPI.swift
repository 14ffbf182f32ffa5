import Vapor

extension ProgramsAPIController {
    private static var organizationParameter: [String: Any] { OpenAPIDocument.uuidPathParameter("organizationID", "Идентификатор организации") }
    private static var programParameter: [String: Any] { OpenAPIDocument.uuidPathParameter("programID", "Идентификатор программы") }
    private static let base = "/api/v1/organizations/{organizationID}/programs"

    /// Every operation of this controller, for the OpenAPI document.
    static var operations: [OpenAPIDocument.Operation] { [
        .init(method: .GET, path: base, summary: "Программы наставничества организации: этап и состояние", tag: "Программы",
              requiresAuth: true, parameters: [organizationParameter], responseSchema: OpenAPIDocument.ref("ProgramList")),
        .init(method: .POST, path: base, summary: "Создать программу (администрация, куратор); по желанию — дорожная карта по шаблону", tag: "Программы",
              requiresAuth: true, parameters: [organizationParameter], responseSchema: OpenAPIDocument.ref("Program"),
              requestSchema: OpenAPIDocument.ref("ProgramInput"), successStatus: 201),
        .init(method: .GET, path: base + "/{programID}", summary: "Программа", tag: "Программы",
              requiresAuth: true, parameters: [organizationParameter, programParameter], responseSchema: OpenAPIDocument.ref("Program")),
        .init(method: .GET, path: base + "/{programID}/roadmap", summary: "Дорожная карта программы; просроченные мероприятия имеют статус overdue",
              tag: "Программы", requiresAuth: true, parameters: [organizationParameter, programParameter],
              responseSchema: OpenAPIDocument.ref("RoadmapList")),
        .init(method: .POST, path: base + "/{programID}/roadmap", summary: "Добавить мероприятие в дорожную карту", tag: "Программы",
              requiresAuth: true, parameters: [organizationParameter, programParameter], responseSchema: OpenAPIDocument.ref("RoadmapItem"),
              requestSchema: OpenAPIDocument.ref("RoadmapItemInput"), successStatus: 201),
        .init(method: .PUT, path: base + "/{programID}/roadmap/{itemID}", summary: "Изменить статус и примечание мероприятия", tag: "Программы",
              requiresAuth: true,
              parameters: [organizationParameter, programParameter, OpenAPIDocument.uuidPathParameter("itemID", "Идентификатор мероприятия")],
              responseSchema: OpenAPIDocument.ref("RoadmapItem"), requestSchema: OpenAPIDocument.ref("RoadmapItemUpdate")),
        .init(method: .PUT, path: base + "/{programID}", summary: "Изменить программу (администрация, куратор): все поля, как в форме программы",
              tag: "Программы", requiresAuth: true, parameters: [organizationParameter, programParameter],
              responseSchema: OpenAPIDocument.ref("Program"), requestSchema: OpenAPIDocument.ref("ProgramInput")),
        .init(method: .POST, path: base + "/{programID}/roadmap/template",
              summary: "Добавить в дорожную карту план по шаблону (школьный или колледжа), сроки пересчитываются на период программы",
              tag: "Программы", requiresAuth: true, parameters: [organizationParameter, programParameter],
              responseSchema: OpenAPIDocument.ref("RoadmapTemplateResult"), requestSchema: OpenAPIDocument.ref("RoadmapTemplateInput")),
    ] + ProgramExports.RoadmapFormat.allCases.map { format in
        .init(method: .GET, path: base + "/{programID}/roadmap.\(format.rawValue)",
              summary: format == .ics ? "Дорожная карта как календарь (.ics, RFC 5545): мероприятия с датами"
                  : "Дорожная карта файлом \(format.rawValue.uppercased()), как на странице дорожной карты",
              tag: "Программы", requiresAuth: true, parameters: [organizationParameter, programParameter], responseSchema: [:],
              fileTypes: [String(format.contentType.prefix { $0 != ";" })])
    } + [
        .init(method: .GET, path: base + "/{programID}/documents/{document}",
              summary: "Документ подготовительного этапа (DOCX): приказ о назначении куратора, положение, программа, приказ об обучении, письма партнёрам",
              tag: "Программы", requiresAuth: true,
              parameters: [organizationParameter, programParameter,
                           ["name": "document", "in": "path", "required": true, "description": "Имя файла документа",
                            "schema": ["type": "string", "enum": PreparationDocuments.Kind.allCases.map { "\($0.rawValue).docx" }]]],
              responseSchema: [:], fileTypes: [DocumentResponse.docxType]),
    ] }

    static var schemas: [String: Any] {
        let string: [String: Any] = ["type": "string"]
        let member: [String: Any] = ["type": "object", "required": ["fullName"], "properties": ["fullName": string, "responsibility": string]]
        let forms: [String: Any] = ["type": "array", "items": ["type": "string", "enum": MentoringForm.allCases.map(\.rawValue)]]
        let models: [String: Any] = ["type": "array", "items": ["type": "string", "enum": TeacherRoleModel.allCases.map(\.rawValue)]]
        return [
            "TeamMember": member,
            "Program": ["type": "object", "required": ["id", "name", "forms", "roleModels", "goals", "expectedResults", "startsOn", "endsOn", "stage",
                                                   "stageName", "health", "overdueItems", "curators", "team", "partners"], "properties": [
                "id": ["type": "string", "format": "uuid"], "name": string, "forms": forms, "roleModels": models,
                "goals": string, "expectedResults": string, "startsOn": ["type": "string", "format": "date"], "endsOn": ["type": "string", "format": "date"],
                "stage": ["type": "integer", "minimum": 1, "maximum": 7], "stageName": string,
                "health": ["type": "string", "enum": ["onTrack", "lagging", "atRisk"]], "overdueItems": ["type": "integer"],
                "curators": ["type": "array", "items": OpenAPIDocument.ref("TeamMember")],
                "team": ["type": "array", "items": OpenAPIDocument.ref("TeamMember")], "partners": ["type": "array", "items": string],
            ]],
            "ProgramList": ["type": "object", "required": ["items"], "properties": ["items": ["type": "array", "items": OpenAPIDocument.ref("Program")]]],
            "ProgramInput": ["type": "object", "required": ["name", "forms", "startsOn", "endsOn"], "properties": [
                "name": string, "forms": forms, "roleModels": models, "goals": string, "expectedResults": string,
                "startsOn": ["type": "string", "format": "date"], "endsOn": ["type": "string", "format": "date"],
                "curators": ["type": "array", "items": OpenAPIDocument.ref("TeamMember")],
                "team": ["type": "array", "items": OpenAPIDocument.ref("TeamMember")], "partners": ["type": "array", "items": string],
                "template": ["type": "string", "enum": RoadmapTemplate.Kind.allCases.map(\.rawValue)],
            ]],
            "RoadmapItem": ["type": "object", "required": ["id", "number", "title", "stage", "contour", "deadline", "isYearly", "expectedResult",
                                                       "responsible", "document", "status", "note"], "properties": [
                "id": ["type": "string", "format": "uuid"], "number": ["type": "integer"], "title": string,
                "stage": ["type": "integer", "minimum": 1, "maximum": 7], "contour": ["type": "string", "enum": Contour.allCases.map(\.rawValue)],
                "deadline": string, "startsOn": ["type": ["string", "null"], "format": "date"], "dueOn": ["type": ["string", "null"], "format": "date"],
                "isYearly": ["type": "boolean"], "academicYear": ["type": ["string", "null"]], "expectedResult": string, "responsible": string,
                "document": string, "status": ["type": "string", "enum": RoadmapStatus.allCases.map(\.rawValue)], "note": string,
            ]],
            "RoadmapList": ["type": "object", "required": ["items"], "properties": ["items": ["type": "array", "items": OpenAPIDocument.ref("RoadmapItem")]]],
            "RoadmapItemInput": ["type": "object", "required": ["title", "stage"], "description": "Все значения — строки.", "properties": [
                "title": string, "stage": ["type": "string", "description": "1–7"], "contour": ["type": "string", "enum": Contour.allCases.map(\.rawValue)],
                "deadlineKind": ["type": "string", "enum": RoadmapItemDraft.deadlineKinds.map(\.value)],
                "deadlineDay": ["type": "string", "format": "date"], "deadlineFrom": ["type": "string", "description": "ГГГГ-ММ"],
                "deadlineTo": ["type": "string", "description": "ГГГГ-ММ"], "yearly": ["type": "string", "description": "непустое — ежегодно"],
                "expectedResult": string, "responsible": string, "document": string,
                "status": ["type": "string", "enum": RoadmapStatus.settable.map(\.rawValue)], "note": string,
            ]],
            "RoadmapTemplateInput": ["type": "object", "required": ["template"], "properties": [
                "template": ["type": "string", "enum": RoadmapTemplate.Kind.allCases.map(\.rawValue)],
            ]],
            "RoadmapTemplateResult": ["type": "object", "required": ["added", "items"], "properties": [
                "added": ["type": "integer", "description": "Сколько мероприятий добавлено"],
                "items": ["type": "array", "items": OpenAPIDocument.ref("RoadmapItem")],
            ]],
            "RoadmapItemUpdate": ["type": "object", "required": ["status"], "properties": [
                "status": ["type": "string", "enum": RoadmapStatus.settable.map(\.rawValue)], "note": string,
            ]],
        ]
    }
}
