/// The questionnaire operations and schemas of the OpenAPI document.
extension QuestionnairesAPIController {
    static var operations: [OpenAPIDocument.Operation] {
        let organization = OpenAPIDocument.uuidPathParameter("organizationID", "Идентификатор организации")
        let questionnaire = OpenAPIDocument.uuidPathParameter("questionnaireID", "Идентификатор анкеты")
        let version: [String: Any] = ["name": "version", "in": "query", "required": false,
                                      "description": "Номер опубликованной версии; по умолчанию последняя", "schema": ["type": "integer", "minimum": 1]]
        let base = "/api/v1/organizations/{organizationID}/questionnaires"
        return [
            .init(method: .GET, path: base, summary: "Анкеты организации (куратор, педагог-психолог, администрация)", tag: "Анкеты",
                  requiresAuth: true, parameters: [organization], responseSchema: OpenAPIDocument.ref("QuestionnaireList")),
            .init(method: .GET, path: base + "/{questionnaireID}", summary: "Анкета и формулировки её последней версии", tag: "Анкеты",
                  requiresAuth: true, parameters: [organization, questionnaire], responseSchema: OpenAPIDocument.ref("QuestionnaireDetail")),
            .init(method: .GET, path: base + "/{questionnaireID}/results", summary: "Итоги анкеты: доля ответивших, распределения, средние",
                  tag: "Анкеты", requiresAuth: true, parameters: [organization, questionnaire, version],
                  responseSchema: OpenAPIDocument.ref("QuestionnaireResults"),
                  mayConflict: true), // 409: no published version, or none with the number in ?version= (Schemathesis)
            .init(method: .GET, path: base + "/{questionnaireID}/answers", summary: "Ответы на анкету (куратор, педагог-психолог)",
                  tag: "Анкеты", requiresAuth: true, parameters: [organization, questionnaire, OpenAPIDocument.pageParameter],
                  responseSchema: OpenAPIDocument.ref("AnswerList"), mayConflict: true),
            .init(method: .GET, path: "/api/v1/my/assignments", summary: "Анкеты, которые мне нужно заполнить", tag: "Анкеты",
                  requiresAuth: true, parameters: [], responseSchema: OpenAPIDocument.ref("AssignmentList")),
            .init(method: .POST, path: "/api/v1/my/assignments/{assignmentID}/answers", summary: "Сохранить черновик или отправить ответы",
                  tag: "Анкеты", requiresAuth: true,
                  parameters: [OpenAPIDocument.uuidPathParameter("assignmentID", "Идентификатор назначенной анкеты")],
                  responseSchema: OpenAPIDocument.ref("SubmitResult"), requestSchema: OpenAPIDocument.ref("SubmitBody"), mayConflict: true),
        ]
    }

    static var schemas: [String: Any] {
        let uuid: [String: Any] = ["type": "string", "format": "uuid"]
        let string: [String: Any] = ["type": "string"]
        let question: [String: Any] = ["type": "object", "required": ["id", "type", "text", "required", "options", "columns"], "properties": [
            "id": string, "key": ["type": ["string", "null"], "description": "Ключ, по которому другие разделы читают ответ: " + QuestionKey.allCases.map(\.rawValue).joined(separator: ", ")],
            "type": ["type": "string", "enum": QuestionType.allCases.map(\.rawValue)], "text": string, "hint": ["type": ["string", "null"]],
            "required": ["type": "boolean"], "options": ["type": "array", "items": string], "columns": ["type": "array", "items": string],
            "rows": ["type": ["integer", "null"]], "candidates": ["type": ["string", "null"]],
            "minimum": ["type": ["number", "null"]], "maximum": ["type": ["number", "null"]],
        ]]
        return [
            "Questionnaire": ["type": "object", "required": ["id", "title", "purpose", "audience", "isAnonymous"], "properties": [
                "id": uuid, "title": string, "purpose": string, "audience": ["type": "string", "enum": Role.allCases.map(\.rawValue)],
                "isAnonymous": ["type": "boolean"], "templateKey": ["type": ["string", "null"]], "programID": ["type": ["string", "null"], "format": "uuid"],
            ]],
            "QuestionnaireList": ["type": "object", "required": ["items"], "properties": ["items": ["type": "array", "items": OpenAPIDocument.ref("Questionnaire")]]],
            "Question": question,
            "QuestionnaireDefinition": ["type": "object", "required": ["sections"], "properties": ["sections": ["type": "array", "items": [
                "type": "object", "required": ["title", "questions"],
                "properties": ["title": string, "questions": ["type": "array", "items": OpenAPIDocument.ref("Question")]],
            ]]]],
            "QuestionnaireDetail": ["type": "object", "required": ["questionnaire", "versionNumber", "published", "definition"], "properties": [
                "questionnaire": OpenAPIDocument.ref("Questionnaire"), "versionNumber": ["type": "integer"], "published": ["type": "boolean"],
                "definition": OpenAPIDocument.ref("QuestionnaireDefinition"),
            ]],
            "QuestionnaireResults": QuestionnaireResultsDTO.schema,
            "Answer": ["type": "object", "required": ["id", "versionNumber", "items"], "properties": [
                "id": uuid, "respondentID": ["type": ["string", "null"], "format": "uuid"], "role": ["type": ["string", "null"]],
                "submittedAt": ["type": ["string", "null"], "format": "date-time"], "versionNumber": ["type": "integer"],
                "items": ["type": "array", "items": ["type": "object", "required": ["questionID", "value"], "properties": [
                    "questionID": string, "key": ["type": ["string", "null"]], "value": string,
                ]]],
            ]],
            "AnswerList": ["type": "object", "required": ["items", "page"], "properties": [
                "items": ["type": "array", "items": OpenAPIDocument.ref("Answer")], "page": OpenAPIDocument.ref("PageInfo"),
            ]],
            "Assignment": ["type": "object", "required": ["id", "questionnaireID", "title", "status", "isAnonymous", "definition"], "properties": [
                "id": uuid, "questionnaireID": uuid, "title": string, "status": ["type": "string", "enum": ["waiting", "draft", "submitted"]],
                "dueAt": ["type": ["string", "null"], "format": "date-time"], "isAnonymous": ["type": "boolean"],
                "definition": OpenAPIDocument.ref("QuestionnaireDefinition"),
            ]],
            "AssignmentList": ["type": "object", "required": ["items"], "properties": ["items": ["type": "array", "items": OpenAPIDocument.ref("Assignment")]]],
            "SubmitBody": ["type": "object", "required": ["fields"], "properties": [
                "fields": ["type": "object", "additionalProperties": string,
                           "description": "Поля, как в форме: q-<id>; q-<id>-<n> для отмеченного варианта или места в выборе людей; q-<id>-r<строка>-c<колонка> для таблицы"],
                "draft": ["type": "boolean", "description": "true — сохранить черновик, не отправляя"],
            ]],
            "SubmitResult": ["type": "object", "required": ["status"], "properties": ["status": ["type": "string", "enum": ["waiting", "draft", "submitted"]]]],
        ]
    }
}
