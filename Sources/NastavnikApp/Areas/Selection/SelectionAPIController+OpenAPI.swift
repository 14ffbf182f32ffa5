import Vapor

extension SelectionAPIController {
    static var programParameters: [[String: Any]] {
        [OpenAPIDocument.uuidPathParameter("organizationID", "Идентификатор организации"),
         OpenAPIDocument.uuidPathParameter("programID", "Идентификатор программы")]
    }
    private static var mentorParameter: [String: Any] { OpenAPIDocument.uuidPathParameter("mentorID", "Идентификатор наставника в базе") }
    private static let base = "/api/v1/organizations/{organizationID}/programs/{programID}/selection"

    /// Every operation of this controller, for the OpenAPI document.
    static var operations: [OpenAPIDocument.Operation] { [
        .init(method: .GET, path: base, summary: "Отбор наставников: критерии по запросам наставляемых, кандидаты с собеседованием, тестированием и решением",
              tag: "Отбор и обучение", requiresAuth: true, parameters: programParameters, responseSchema: OpenAPIDocument.ref("Selection")),
        .init(method: .POST, path: base, summary: "Включить наставников в отбор: перечисленных или всех кандидатов программы", tag: "Отбор и обучение",
              requiresAuth: true, parameters: programParameters, responseSchema: OpenAPIDocument.ref("Selection"),
              requestSchema: OpenAPIDocument.ref("SelectionAddInput"), successStatus: 201),
        .init(method: .PUT, path: base + "/{mentorID}/interview", summary: "Записать собеседование: дата, кто провёл, психологическая готовность, заключение",
              tag: "Отбор и обучение", requiresAuth: true, parameters: programParameters + [mentorParameter],
              responseSchema: OpenAPIDocument.ref("SelectionCandidate"), requestSchema: OpenAPIDocument.ref("InterviewInput"), mayConflict: true),
        .init(method: .PUT, path: base + "/{mentorID}/test", summary: "Записать тестирование коммуникативных навыков и эмпатии (наставники-обучающиеся)",
              tag: "Отбор и обучение", requiresAuth: true, parameters: programParameters + [mentorParameter],
              responseSchema: OpenAPIDocument.ref("SelectionCandidate"), requestSchema: OpenAPIDocument.ref("MentorTestInput"), mayConflict: true),
        .init(method: .PUT, path: base + "/{mentorID}/decision", summary: "Решение: отобран или не сейчас (с причиной); отобранный наставник получает статус «Отобран»",
              tag: "Отбор и обучение", requiresAuth: true, parameters: programParameters + [mentorParameter],
              responseSchema: OpenAPIDocument.ref("SelectionCandidate"), requestSchema: OpenAPIDocument.ref("SelectionDecisionInput"), mayConflict: true),
    ] }

    static var schemas: [String: Any] {
        let string: [String: Any] = ["type": "string"]
        let date: [String: Any] = ["type": "string", "format": "date"]
        let integer: [String: Any] = ["type": "integer"]
        let uuid: [String: Any] = ["type": "string", "format": "uuid"]
        let forms: [String: Any] = ["type": "array", "items": ["type": "string", "enum": MentoringForm.allCases.map(\.rawValue)]]
        return [
            "SelectionCriterion": ["type": "object", "required": ["code", "name", "mentees", "mentors", "selectedMentors", "seats", "isShort"], "properties": [
                "code": string, "name": string, "mentees": ["type": "integer", "description": "Наставляемых программы с этим запросом"],
                "mentors": ["type": "integer", "description": "Кандидатов, чьи компетенции или жизненный опыт отвечают запросу"],
                "selectedMentors": ["type": "integer"], "seats": ["type": "integer", "description": "Сколько наставляемых эти наставники могут взять"],
                "isShort": ["type": "boolean", "description": "Мест меньше, чем наставляемых"],
            ]],
            "SelectionCandidate": ["type": "object",
                                   "required": ["mentorID", "fullName", "origin", "contour", "forms", "competencies", "lifeExperience", "capacity",
                                                "status", "skillGaps", "decision"],
                                   "properties": [
                "mentorID": uuid, "fullName": string, "origin": ["type": "string", "enum": MentorOrigin.allCases.map(\.rawValue)],
                "contour": ["type": "string", "enum": Contour.allCases.map(\.rawValue)], "forms": forms,
                "competencies": string, "lifeExperience": string, "capacity": integer,
                "status": ["type": "string", "enum": MentorStatus.allCases.map(\.rawValue)],
                "application": ["type": "object", "description": "Анкета наставника, если заполнена", "required": ["questionnaireID"], "properties": [
                    "questionnaireID": uuid, "submittedAt": ["type": "string", "format": "date-time"],
                    "selfAssessedReadiness": ["type": "integer", "minimum": 1, "maximum": 5, "description": "Психологическая готовность по самооценке, 1–5"],
                ]],
                "interviewedOn": date, "interviewer": string,
                "readiness": ["type": "string", "enum": PsychologicalReadiness.allCases.map(\.rawValue)],
                "interviewConclusion": string, "testedOn": date,
                "communicationScore": integer, "empathyScore": integer, "skillGaps": ["type": "array", "items": string],
                "decision": ["type": "string", "enum": SelectionDecision.allCases.map(\.rawValue)],
                "decisionReason": string, "decidedAt": ["type": "string", "format": "date-time"], "decidedBy": string,
            ]],
            "Selection": ["type": "object", "required": ["criteria", "items", "available"], "properties": [
                "criteria": ["type": "array", "items": OpenAPIDocument.ref("SelectionCriterion")],
                "items": ["type": "array", "items": OpenAPIDocument.ref("SelectionCandidate")],
                "available": ["type": "array", "description": "Кандидаты программы, ещё не включённые в отбор", "items": [
                    "type": "object", "required": ["mentorID", "fullName", "origin", "forms", "status"], "properties": [
                    "mentorID": uuid, "fullName": string, "origin": ["type": "string", "enum": MentorOrigin.allCases.map(\.rawValue)],
                    "forms": forms, "status": ["type": "string", "enum": MentorStatus.allCases.map(\.rawValue)],
                ]]],
            ]],
            "SelectionAddInput": ["type": "object", "properties": [
                "mentorIDs": ["type": "array", "items": uuid], "all": ["type": "boolean", "description": "Все кандидаты программы"],
            ]],
            "InterviewInput": ["type": "object", "required": ["interviewedOn", "interviewer", "readiness"], "properties": [
                "interviewedOn": ["type": "string", "format": "date"], "interviewer": string,
                "readiness": ["type": "string", "enum": PsychologicalReadiness.allCases.map(\.rawValue)], "conclusion": string,
            ]],
            "MentorTestInput": ["type": "object", "required": ["testedOn", "communicationScore", "empathyScore"], "properties": [
                "testedOn": ["type": "string", "format": "date"],
                "communicationScore": ["type": "integer", "minimum": SelectionInput.scoreRange.lowerBound, "maximum": SelectionInput.scoreRange.upperBound],
                "empathyScore": ["type": "integer", "minimum": SelectionInput.scoreRange.lowerBound, "maximum": SelectionInput.scoreRange.upperBound],
                "gaps": ["type": "string", "description": "Пробелы, которые нужно восполнить в обучении, по одному в строке"],
            ]],
            "SelectionDecisionInput": ["type": "object", "required": ["decision"], "properties": [
                "decision": ["type": "string", "enum": SelectionDecision.allCases.map(\.rawValue)],
                "reason": ["type": "string", "description": "Обязательна для notNow"],
            ]],
        ]
    }
}
