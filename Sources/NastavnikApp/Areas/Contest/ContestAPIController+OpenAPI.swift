import Vapor

extension ContestAPIController {
    private static let base = "/api/v1/contests/{contestID}"
    private static var contest: [[String: Any]] { [OpenAPIDocument.uuidPathParameter("contestID", "Идентификатор конкурса")] }
    private static var application: [[String: Any]] { contest + [OpenAPIDocument.uuidPathParameter("applicationID", "Идентификатор заявки")] }
    private static var organization: [[String: Any]] {
        [OpenAPIDocument.uuidPathParameter("organizationID", "Идентификатор организации")] + contest
    }
    private static let tag = "Конкурс «Быть учителем!»"

    /// Every operation of this controller, for the OpenAPI document.
    static var operations: [OpenAPIDocument.Operation] { [
        .init(method: .GET, path: "/api/v1/contests", summary: "Конкурсы региона: которые человек ведёт, оценивает или куда может подать заявку", tag: tag,
              requiresAuth: true, parameters: [], responseSchema: OpenAPIDocument.ref("ContestList")),
        .init(method: .POST, path: "/api/v1/contests", summary: "Объявить конкурс (региональный координатор)", tag: tag,
              requiresAuth: true, parameters: [], responseSchema: OpenAPIDocument.ref("Contest"), requestSchema: OpenAPIDocument.ref("ContestInput"),
              successStatus: 201),
        .init(method: .GET, path: base, summary: "Конкурс для координатора: этапы с рейтингами и жюри", tag: tag,
              requiresAuth: true, parameters: contest, responseSchema: OpenAPIDocument.ref("Contest")),
        .init(method: .PUT, path: base + "/windows", summary: "Сроки этапов", tag: tag, requiresAuth: true, parameters: contest,
              responseSchema: OpenAPIDocument.ref("Contest"), requestSchema: OpenAPIDocument.ref("ContestWindowsInput")),
        .init(method: .POST, path: base + "/jurors", summary: "Добавить члена жюри по логину", tag: tag, requiresAuth: true, parameters: contest,
              responseSchema: OpenAPIDocument.ref("ContestJuror"), requestSchema: OpenAPIDocument.ref("ContestJurorInput"), successStatus: 201,
              mayConflict: true),
        .init(method: .POST, path: base + "/advance", summary: "Лучшие заявки каждой номинации проходят в следующий этап", tag: tag,
              requiresAuth: true, parameters: contest, responseSchema: OpenAPIDocument.ref("ContestAdvanceResult"),
              requestSchema: OpenAPIDocument.ref("ContestAdvanceInput"), mayConflict: true),
        .init(method: .POST, path: base + "/publish", summary: "Опубликовать итоги", tag: tag, requiresAuth: true, parameters: contest,
              responseSchema: OpenAPIDocument.ref("Contest")),
        .init(method: .GET, path: base + "/jury", summary: "Заявки текущего этапа для члена жюри (кроме своей организации) и его оценки", tag: tag,
              requiresAuth: true, parameters: contest, responseSchema: OpenAPIDocument.ref("ContestJury")),
        .init(method: .POST, path: base + "/applications/{applicationID}/scores", summary: "Оценить заявку по критериям (член жюри)", tag: tag,
              requiresAuth: true, parameters: application, responseSchema: OpenAPIDocument.ref("ContestScore"),
              requestSchema: OpenAPIDocument.ref("ContestScoreInput"), mayConflict: true),
        .init(method: .GET, path: base + "/applications/{applicationID}/files/{fileID}",
              summary: "Файл заявки: для координатора, организации-заявителя и членов жюри, кроме жюри от этой организации", tag: tag,
              requiresAuth: true, parameters: application + [OpenAPIDocument.uuidPathParameter("fileID", "Идентификатор файла")],
              responseSchema: [:], fileTypes: AttachedFile.Format.allCases.map(\.contentType)),
        .init(method: .GET, path: "/api/v1/organizations/{organizationID}/contests/{contestID}/applications", summary: "Заявки организации на конкурс",
              tag: tag, requiresAuth: true, parameters: organization, responseSchema: OpenAPIDocument.ref("ContestApplicationList")),
        .init(method: .POST, path: "/api/v1/organizations/{organizationID}/contests/{contestID}/applications",
              summary: "Подать заявку на наставника в окно полуфинала: JSON или multipart/form-data с файлами (до \(ContestRules.maxApplicationFiles), каждый до 5 МБ: pdf, doc, docx, odt, xlsx, pptx, jpg, png); заявка принимается целиком или не принимается",
              tag: tag, requiresAuth: true, parameters: organization, responseSchema: OpenAPIDocument.ref("ContestApplication"),
              requestBody: ["required": true, "content": [
                  "application/json": ["schema": OpenAPIDocument.ref("ContestApplicationInput")],
                  "multipart/form-data": ["schema": OpenAPIDocument.ref("ContestApplicationUpload")],
              ]],
              uploadRefusal: ("Заявка не принята: сообщения по полям в error.fields (mentorID, nomination, materials, files — файл не того вида, больше 5 МБ или их больше \(ContestRules.maxApplicationFiles))",
                              OpenAPIDocument.ref("Error")),
              successStatus: 201, mayConflict: true,
              refusals: "consent_withdrawn — наставник отозвал согласие на обработку персональных данных (error.fields.mentorID)"),
    ] }

    static var schemas: [String: Any] {
        let string: [String: Any] = ["type": "string"]
        let uuid: [String: Any] = ["type": "string", "format": "uuid"]
        let date: [String: Any] = ["type": "string", "format": "date"]
        let integer: [String: Any] = ["type": "integer"]
        let boolean: [String: Any] = ["type": "boolean"]
        let strings: [String: Any] = ["type": "array", "items": string]
        let stage: [String: Any] = ["type": "string", "enum": ContestStage.allCases.map(\.rawValue)]
        let file: [String: Any] = ["type": "object", "required": ["id", "fileName", "size"], "properties": ["id": uuid, "fileName": string, "size": string]]
        let files: [String: Any] = ["type": "array", "items": file]
        let windows = ContestRules.windowFields
        let applicationFields: [String: Any] = [
            "mentorId": uuid, "nomination": string, "materials": ["type": "string", "maxLength": 4000, "description": "Описание практики и ссылки на материалы"],
        ]
        return [
            "ContestRanked": ["type": "object", "required": ["applicationID", "place", "mentorName", "organization", "nomination", "average",
                                                             "averageText", "jurors", "passed"], "properties": [
                "applicationID": uuid, "place": integer, "mentorName": string, "organization": string, "nomination": string,
                "average": ["type": "number"], "averageText": string, "jurors": ["type": "integer", "description": "Сколько членов жюри оценили"],
                "passed": ["type": "boolean", "description": "Прошла в следующий этап"],
            ]],
            "ContestSummary": ["type": "object", "required": ["id", "title", "year", "stage", "stageName", "resultsPublished", "manage", "judge",
                                                              "applyOrganizationIds"], "properties": [
                "id": uuid, "title": string, "year": integer, "stage": stage, "stageName": string, "resultsPublished": boolean,
                "manage": ["type": "boolean", "description": "Человек ведёт конкурс (координатор региона)"],
                "judge": ["type": "boolean", "description": "Человек — член жюри"],
                "applyOrganizationIds": ["type": "array", "description": "Организации человека, которые могут подать заявку", "items": uuid],
            ]],
            "ContestList": ["type": "object", "required": ["items"], "properties": ["items": ["type": "array", "items": OpenAPIDocument.ref("ContestSummary")]]],
            "Contest": ["type": "object", "required": ["id", "title", "year", "nominations", "criteria", "stage", "stageName", "resultsPublished",
                                                       "stages", "jurors"], "properties": [
                "id": uuid, "title": string, "year": integer, "nominations": strings, "criteria": strings, "stage": stage, "stageName": string,
                "resultsPublished": boolean,
                "stages": ["type": "array", "items": ["type": "object", "required": ["stage", "name", "from", "to", "isCurrent", "ranking"], "properties": [
                    "stage": stage, "name": string, "from": date, "to": date, "isCurrent": boolean,
                    "ranking": ["type": "array", "items": OpenAPIDocument.ref("ContestRanked")],
                ]]],
                "jurors": ["type": "array", "items": OpenAPIDocument.ref("ContestJuror")],
            ]],
            "ContestInput": ["type": "object", "required": ["title", "year", "nominations", "criteria"], "properties": [
                "title": ["type": "string", "maxLength": 200], "year": ["type": "integer", "minimum": 2000, "maximum": 2100],
                "nominations": ["type": "array", "minItems": 1, "items": string],
                "criteria": ["type": "array", "minItems": 1, "maxItems": 12, "items": string],
            ]],
            "ContestWindowsInput": ["type": "object", "required": windows,
                                    "properties": Dictionary(uniqueKeysWithValues: windows.map { ($0, date as Any) })],
            "ContestJuror": ["type": "object", "required": ["name"], "properties": [
                "name": string, "organization": ["type": ["string", "null"], "description": "Организация члена жюри: её заявки он не оценивает"],
            ]],
            "ContestJurorInput": ["type": "object", "required": ["login"], "properties": ["login": string]],
            "ContestAdvanceInput": ["type": "object", "required": ["count"], "properties": [
                "count": ["type": "integer", "minimum": 1, "maximum": 100, "description": "Сколько проходит дальше от каждой номинации"],
            ]],
            "ContestAdvanceResult": ["type": "object", "required": ["passed", "stage", "stageName"], "properties": [
                "passed": integer, "stage": stage, "stageName": string,
            ]],
            "ContestJury": ["type": "object", "required": ["contestId", "stage", "stageName", "criteria", "applications", "excluded"], "properties": [
                "contestId": uuid, "stage": stage, "stageName": string, "criteria": strings,
                "applications": ["type": "array", "items": ["type": "object",
                    "required": ["id", "mentorName", "organization", "nomination", "materials", "files"], "properties": [
                        "id": uuid, "mentorName": string, "organization": string, "nomination": string, "materials": string, "files": files,
                        "scores": ["type": ["array", "null"], "description": "Свои оценки по критериям; нет — ещё не оценена", "items": integer],
                    ]]],
                "excluded": ["type": "integer", "description": "Заявки своей организации, которые член жюри не оценивает"],
            ]],
            "ContestScoreInput": ["type": "object", "required": ["scores"], "properties": [
                "scores": ["type": "array", "description": "По одной оценке от 0 до 10 на каждый критерий, в порядке критериев",
                           "items": ["type": "integer", "minimum": 0, "maximum": ContestRules.maximumScore]],
            ]],
            "ContestScore": ["type": "object", "required": ["applicationId", "stage", "scores", "total"], "properties": [
                "applicationId": uuid, "stage": stage, "scores": ["type": "array", "items": integer], "total": integer,
            ]],
            "ContestApplication": ["type": "object", "required": ["id", "mentorId", "mentorName", "nomination", "materials", "stage", "stageName", "files"],
                                   "properties": [
                "id": uuid, "mentorId": uuid, "mentorName": string, "nomination": string, "materials": string, "stage": stage, "stageName": string,
                "files": files,
            ]],
            "ContestApplicationList": ["type": "object", "required": ["items"], "properties": [
                "items": ["type": "array", "items": OpenAPIDocument.ref("ContestApplication")],
            ]],
            "ContestApplicationInput": ["type": "object", "required": ["mentorId", "nomination", "materials"], "properties": applicationFields],
            "ContestApplicationUpload": ["type": "object", "required": ["mentorId", "nomination", "materials"], "properties": applicationFields.merging([
                "files[]": ["type": "array", "maxItems": ContestRules.maxApplicationFiles,
                            "description": "Файлы заявки, каждый — отдельной частью с именем files[]; вид проверяется по содержимому",
                            "items": ["type": "string", "format": "binary"]],
            ]) { first, _ in first }],
        ]
    }
}
