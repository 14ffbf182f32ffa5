/// The bases' part of the OpenAPI document.
extension BasesAPIController {
    private static func organizationParameter() -> [String: Any] {
        OpenAPIDocument.uuidPathParameter("organizationID", "Идентификатор организации")
    }

    private static func query(_ name: String, _ description: String, enumValues: [String]? = nil) -> [String: Any] {
        var schema: [String: Any] = ["type": "string"]
        if let enumValues { schema["enum"] = enumValues }
        return ["name": name, "in": "query", "required": false, "description": description, "schema": schema]
    }

    static var listParameters: [[String: Any]] {
        [
            organizationParameter(), OpenAPIDocument.pageParameter,
            query("q", "Поиск по ФИО, классу, предметам"),
            query("form", "Форма наставничества", enumValues: MentoringForm.allCases.map(\.rawValue)),
            query("status", "Статус"),
            query("consent", "Состояние согласия", enumValues: ConsentState.allCases.map(\.rawValue)),
            query("request", "Код запроса (для наставляемых)"),
            query("class", "Класс или группа (наставляемых; у наставников — ученика или студента)"),
            query("graduates", "Выпускники: пусто — только действующая база, only — только выпускники, all — все", enumValues: ["", "only", "all"]),
            query("contour", "Контур (для наставников)", enumValues: Contour.allCases.map(\.rawValue)),
            query("sort", "Порядок: name, class, entered, status"),
        ]
    }

    static var operations: [OpenAPIDocument.Operation] {
        let base = "/api/v1/organizations/{organizationID}"
        let mentee = OpenAPIDocument.uuidPathParameter("menteeID", "Идентификатор наставляемого")
        let mentor = OpenAPIDocument.uuidPathParameter("mentorID", "Идентификатор наставника")
        return [
            .init(method: .GET, path: base + "/mentees", summary: "База наставляемых с фильтрами", tag: "Базы", requiresAuth: true,
                  parameters: listParameters, responseSchema: OpenAPIDocument.ref("MenteeList")),
            .init(method: .POST, path: base + "/mentees", summary: "Добавить наставляемого (поля как в столбцах базы)", tag: "Базы", requiresAuth: true,
                  parameters: [organizationParameter()], responseSchema: OpenAPIDocument.ref("Mentee"), requestSchema: OpenAPIDocument.ref("BaseFields"),
                  successStatus: 201, mayConflict: true),
            .init(method: .GET, path: base + "/mentees/{menteeID}", summary: "Карточка наставляемого (просмотр записывается в журнал)", tag: "Базы",
                  requiresAuth: true, parameters: [organizationParameter(), mentee], responseSchema: OpenAPIDocument.ref("Mentee")),
            .init(method: .PUT, path: base + "/mentees/{menteeID}", summary: "Изменить наставляемого; не присланные поля не меняются", tag: "Базы",
                  requiresAuth: true, parameters: [organizationParameter(), mentee], responseSchema: OpenAPIDocument.ref("Mentee"), requestSchema: OpenAPIDocument.ref("BaseFields"),
                  mayConflict: true),
            .init(method: .GET, path: base + "/mentors", summary: "База наставников с фильтрами", tag: "Базы", requiresAuth: true,
                  parameters: listParameters, responseSchema: OpenAPIDocument.ref("MentorList")),
            .init(method: .POST, path: base + "/mentors", summary: "Добавить наставника", tag: "Базы", requiresAuth: true,
                  parameters: [organizationParameter()], responseSchema: OpenAPIDocument.ref("Mentor"), requestSchema: OpenAPIDocument.ref("BaseFields"),
                  successStatus: 201, mayConflict: true),
            .init(method: .GET, path: base + "/mentors/{mentorID}", summary: "Карточка наставника", tag: "Базы", requiresAuth: true,
                  parameters: [organizationParameter(), mentor], responseSchema: OpenAPIDocument.ref("Mentor")),
            .init(method: .PUT, path: base + "/mentors/{mentorID}", summary: "Изменить наставника; не присланные поля не меняются", tag: "Базы",
                  requiresAuth: true, parameters: [organizationParameter(), mentor], responseSchema: OpenAPIDocument.ref("Mentor"), requestSchema: OpenAPIDocument.ref("BaseFields"),
                  mayConflict: true),
            .init(method: .POST, path: base + "/imports", summary: "Импорт XLSX или CSV в базу: все строки или ни одной", tag: "Базы", requiresAuth: true,
                  parameters: [organizationParameter(), query("kind", "mentee или mentor", enumValues: BaseKind.allCases.map(\.rawValue)),
                               ["name": "dryRun", "in": "query", "required": false, "description": "Только проверить", "schema": ["type": "boolean"]]],
                  responseSchema: OpenAPIDocument.ref("ImportResult"),
                  requestBody: ["required": true, "content": [
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ["schema": ["type": "string", "format": "binary"]],
                    "text/csv": ["schema": ["type": "string", "format": "binary"]],
                  ]], uploadRefusal: ("В файле есть ошибки: ничего не импортировано, ошибки по строкам в errors", OpenAPIDocument.ref("ImportResult"))),
        ]
    }

    static var schemas: [String: Any] {
        let nullableString: [String: Any] = ["type": ["string", "null"]]
        let nullableInt: [String: Any] = ["type": ["integer", "null"]]
        let gender: [String: Any] = ["type": "string", "enum": Gender.allCases.map(\.rawValue),
                                     "description": "Пол для согласования слов и склонения; нет поля — не указан (определяется по отчеству)"]
        return [
            "BaseFields": [
                "type": "object",
                "description": "Поля по кодам столбцов базы (lastName, firstName, middleName, gender — male, female или пусто (не указан; тогда определяется по отчеству), birthDate ДД.ММ.ГГГГ, className, form, requests, channel, status… для наставника — origin, forms, competencies, lifeExperience, interests, subjects, preferredAge, hoursPerWeek, capacity, meetingTimes, meetingPlace, workplace, position, className — класс или группа ученика или студента-наставника, longTerm). Значения — строки, числа, да/нет или списки строк.",
                "additionalProperties": ["oneOf": [["type": "string"], ["type": "number"], ["type": "boolean"], ["type": "array", "items": ["type": "string"]], ["type": "null"]]],
            ],
            "Mentee": ["type": "object", "required": ["id", "lastName", "firstName", "isMinor", "form", "requests", "channel", "enteredOn", "status", "consentState"],
                       "properties": [
                        "id": ["type": "string", "format": "uuid"], "lastName": ["type": "string"], "firstName": ["type": "string"],
                        "middleName": nullableString, "gender": gender, "birthDate": nullableString, "age": nullableInt, "isMinor": ["type": "boolean"],
                        "className": nullableString, "form": ["type": "string", "enum": MentoringForm.allCases.map(\.rawValue)],
                        "requests": ["type": "array", "items": ["type": "string"]], "requestNote": nullableString,
                        "channel": ["type": "string", "enum": DataChannel.allCases.map(\.rawValue)], "enteredOn": ["type": "string"],
                        "status": ["type": "string", "enum": MenteeStatus.allCases.map(\.rawValue)],
                        "consentState": ["type": "string", "enum": ConsentState.allCases.map(\.rawValue)],
                        "version": ["type": "integer", "description": "Версия карточки: пришлите её в PUT, чтобы не затереть чужое изменение (иначе 409)."],
                        "guardianName": nullableString, "phone": nullableString, "email": nullableString,
                       ]],
            "Mentor": ["type": "object", "required": ["id", "lastName", "firstName", "origin", "contour", "forms", "capacity", "meetingPlace", "status", "longTerm", "consentState"],
                       "properties": [
                        "id": ["type": "string", "format": "uuid"], "lastName": ["type": "string"], "firstName": ["type": "string"],
                        "middleName": nullableString, "gender": gender, "origin": ["type": "string", "enum": MentorOrigin.allCases.map(\.rawValue)],
                        "contour": ["type": "string", "enum": Contour.allCases.map(\.rawValue)],
                        "forms": ["type": "array", "items": ["type": "string", "enum": MentoringForm.allCases.map(\.rawValue)]],
                        "competencies": nullableString, "lifeExperience": nullableString, "interests": nullableString, "subjects": nullableString,
                        "preferredAgeFrom": nullableInt, "preferredAgeTo": nullableInt, "hoursPerWeek": ["type": ["number", "null"]],
                        "capacity": ["type": "integer"], "meetingTimes": nullableString,
                        "meetingPlace": ["type": "string", "enum": MeetingPlace.allCases.map(\.rawValue)],
                        "workplace": nullableString, "position": nullableString, "phone": nullableString, "email": nullableString,
                        "className": nullableString,
                        "graduatedYear": ["type": ["integer", "null"], "description": "Учебный год (год начала), в котором ученик или студент-наставник выпустился; null — в действующей базе."],
                        "status": ["type": "string", "enum": MentorStatus.allCases.map(\.rawValue)], "longTerm": ["type": "boolean"],
                        "consentState": ["type": "string", "enum": ConsentState.allCases.map(\.rawValue)],
                        "version": ["type": "integer", "description": "Версия карточки: пришлите её в PUT, чтобы не затереть чужое изменение (иначе 409)."],
                       ]],
            "MenteeList": ["type": "object", "required": ["items", "page"], "properties": [
                "items": ["type": "array", "items": OpenAPIDocument.ref("Mentee")], "page": OpenAPIDocument.ref("PageInfo")]],
            "MentorList": ["type": "object", "required": ["items", "page"], "properties": [
                "items": ["type": "array", "items": OpenAPIDocument.ref("Mentor")], "page": OpenAPIDocument.ref("PageInfo")]],
            "ImportResult": ["type": "object", "required": ["applied", "created", "updated", "problems"], "properties": [
                "applied": ["type": "boolean"], "created": ["type": "integer"], "updated": ["type": "integer"],
                "problems": ["type": "array", "items": ["type": "object", "required": ["line", "message"],
                                                        "properties": ["line": ["type": "integer"], "message": ["type": "string"]]]],
            ]],
        ]
    }
}
