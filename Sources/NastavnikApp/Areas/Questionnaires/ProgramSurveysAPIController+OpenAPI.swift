/// The program surveys' operations and schemas of the OpenAPI document.
extension ProgramSurveysAPIController {
    static var operations: [OpenAPIDocument.Operation] {
        let organization = OpenAPIDocument.uuidPathParameter("organizationID", "Идентификатор организации")
        let program = OpenAPIDocument.uuidPathParameter("programID", "Идентификатор программы")
        let path = "/api/v1/organizations/{organizationID}/programs/{programID}/surveys"
        return [
            .init(method: .GET, path: path, summary: "Анкеты программы: отправлено, ответили, кто ещё не ответил", tag: "Анкеты",
                  requiresAuth: true, parameters: [organization, program], responseSchema: OpenAPIDocument.ref("ProgramSurveyList")),
            .init(method: .POST, path: path, summary: "Отправить анкету (шаблон или анкету организации) участникам программы со сроком",
                  tag: "Анкеты", requiresAuth: true, parameters: [organization, program],
                  responseSchema: OpenAPIDocument.ref("ProgramSurveySent"), requestSchema: OpenAPIDocument.ref("ProgramSurveySend"),
                  successStatus: 201, mayConflict: true),
            .init(method: .POST, path: "/api/v1/organizations/{organizationID}/questionnaires/{questionnaireID}/program",
                  summary: "Отнести анкету к программе (или снять с программы): её ответы переходят в мониторинг программы", tag: "Анкеты",
                  requiresAuth: true, parameters: [organization, OpenAPIDocument.uuidPathParameter("questionnaireID", "Идентификатор анкеты")],
                  responseSchema: OpenAPIDocument.ref("QuestionnaireProgram"), requestSchema: OpenAPIDocument.ref("QuestionnaireProgramBody")),
        ]
    }

    static var schemas: [String: Any] {
        let uuid: [String: Any] = ["type": "string", "format": "uuid"]
        let string: [String: Any] = ["type": "string"]
        let integer: [String: Any] = ["type": "integer"]
        return [
            "ProgramSurvey": ["type": "object", "required": ["id", "title", "anonymous", "measurement", "sent", "answered", "waitingCount", "waiting"], "properties": [
                "id": uuid, "title": string, "anonymous": ["type": "boolean"], "measurement": ["type": "boolean", "description": "Ответы заполняют измерения"],
                "sent": integer, "answered": integer,
                "dueDate": ["type": ["string", "null"], "format": "date", "description": "Последний срок ответа (по московскому времени)"], "waitingCount": integer,
                "waiting": ["type": "array", "items": ["type": "object", "required": ["userID", "name", "role", "overdue"], "properties": [
                    "userID": uuid, "name": string, "role": ["type": "string", "enum": Role.allCases.map(\.rawValue)], "overdue": ["type": "boolean"],
                ]]],
            ]],
            "ProgramSurveyList": ["type": "object", "required": ["items"], "properties": ["items": ["type": "array", "items": OpenAPIDocument.ref("ProgramSurvey")]]],
            "ProgramSurveySend": ["type": "object", "required": ["source", "audience"], "properties": [
                "source": ["type": "string", "description": "template:<ключ шаблона> (формулировки — для формы программы; template:<ключ>@<форма> — для названной формы) или own:<идентификатор анкеты организации>"],
                "audience": ["type": "string", "enum": ProgramSurveyAudience.allCases.map(\.rawValue)],
                "pairingID": ["type": ["string", "null"], "format": "uuid", "description": "Пара программы, если audience = pair"],
                "dueDate": ["type": ["string", "null"], "description": "Срок: ДД.ММ.ГГГГ или ГГГГ-ММ-ДД"],
            ]],
            "ProgramSurveySent": ["type": "object", "required": ["questionnaireID", "title", "sent", "withoutAccount"], "properties": [
                "questionnaireID": uuid, "title": string, "sent": integer,
                "withoutAccount": ["type": "array", "items": string, "description": "Участники без учётной записи: анкета им не ушла"],
            ]],
            "QuestionnaireProgramBody": ["type": "object", "properties": ["programID": ["type": ["string", "null"], "format": "uuid"]]],
            "QuestionnaireProgram": ["type": "object", "required": ["questionnaireID"], "properties": [
                "questionnaireID": uuid, "programID": ["type": ["string", "null"], "format": "uuid"],
            ]],
        ]
    }
}
