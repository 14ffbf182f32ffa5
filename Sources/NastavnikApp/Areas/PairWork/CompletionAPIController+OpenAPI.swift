import Vapor

extension CompletionAPIController {
    private static let pairBase = "/api/v1/pairs/{pairingID}"
    private static let programBase = "/api/v1/organizations/{organizationID}/programs/{programID}"
    private static var pairing: [[String: Any]] { [OpenAPIDocument.uuidPathParameter("pairingID", "Идентификатор сформированной пары или группы")] }
    private static var scope: [[String: Any]] {
        [OpenAPIDocument.uuidPathParameter("organizationID", "Идентификатор организации"),
         OpenAPIDocument.uuidPathParameter("programID", "Идентификатор программы")]
    }

    /// Every operation of this controller, for the OpenAPI document.
    static var operations: [OpenAPIDocument.Operation] { [
        .init(method: .GET, path: pairBase + "/completion", summary: "Ответы итоговой встречи и решения о завершении пары", tag: "Завершение",
              requiresAuth: true, parameters: pairing, responseSchema: OpenAPIDocument.ref("PairCompletion")),
        .init(method: .POST, path: pairBase + "/final-answers", summary: "Ответы итоговой встречи (свои или, для куратора, участника по анкете)", tag: "Завершение",
              requiresAuth: true, parameters: pairing, responseSchema: OpenAPIDocument.ref("FinalAnswer"),
              requestSchema: OpenAPIDocument.ref("FinalAnswersInput"), mayConflict: true),
        .init(method: .POST, path: pairBase + "/closure", summary: "Продолжить с новой целью, завершить или завершить досрочно", tag: "Завершение",
              requiresAuth: true, parameters: pairing, responseSchema: OpenAPIDocument.ref("PairClosure"),
              requestSchema: OpenAPIDocument.ref("PairClosureInput"), successStatus: 201, mayConflict: true),
        .init(method: .GET, path: programBase + "/completion", summary: "Итоги программы: исходы пар, цели, результаты, рейтинг наставников", tag: "Завершение",
              requiresAuth: true, parameters: scope, responseSchema: OpenAPIDocument.ref("ProgramCompletion")),
        .init(method: .GET, path: programBase + "/incentives", summary: "Поощрения наставников программы", tag: "Завершение",
              requiresAuth: true, parameters: scope, responseSchema: OpenAPIDocument.ref("IncentiveList")),
        .init(method: .POST, path: programBase + "/incentives", summary: "Поощрить наставника программы", tag: "Завершение",
              requiresAuth: true, parameters: scope, responseSchema: OpenAPIDocument.ref("Incentive"),
              requestSchema: OpenAPIDocument.ref("IncentiveInput"), successStatus: 201, mayConflict: true),
    ] }

    static var schemas: [String: Any] {
        let string: [String: Any] = ["type": "string"]
        let uuid: [String: Any] = ["type": "string", "format": "uuid"]
        let date: [String: Any] = ["type": "string", "format": "date"]
        let integer: [String: Any] = ["type": "integer"]
        let boolean: [String: Any] = ["type": "boolean"]
        let closeness: [String: Any] = ["type": "integer", "minimum": 1, "maximum": 10]
        return [
            "FinalAnswer": ["type": "object", "required": ["side", "closeness", "results", "continueTogether", "wantsToMentor", "version"], "properties": [
                "side": ["type": "string", "enum": BaseKind.allCases.map(\.rawValue)], "memberId": uuid, "closeness": closeness,
                "mostValuable": string, "results": string, "learned": string, "changed": string, "understood": string, "remembered": string,
                "continueTogether": boolean, "wantsToMentor": boolean,
                "version": ["type": "integer", "description": "Передаётся обратно, чтобы изменить эти ответы"],
            ]],
            "FinalAnswersInput": ["type": "object", "required": ["closeness", "results", "continueTogether", "wantsToMentor"], "properties": [
                "side": ["type": "string", "description": "Для куратора: mentor или mentee:<memberId>"], "closeness": closeness,
                "results": ["type": "string", "minLength": 1], "mostValuable": string, "learned": string, "changed": string,
                "understood": string, "remembered": string, "continueTogether": boolean, "wantsToMentor": boolean,
                "version": ["type": "integer", "description": "Версия сохранённых ответов, которые меняются; без неё, если ответы уже есть, — 409"],
            ]],
            "PairClosure": ["type": "object", "required": ["decision", "decidedOn", "decidedByRole", "reason"], "properties": [
                "decision": ["type": "string", "enum": ClosureDecision.allCases.map(\.rawValue)], "decidedOn": date, "decidedByRole": string, "reason": string,
            ]],
            "PairClosureInput": ["type": "object", "required": ["decision"], "properties": [
                "decision": ["type": "string", "enum": ClosureDecision.allCases.map(\.rawValue)], "reason": string,
                "newGoal": ["type": "object", "required": ["title", "dueOn", "indicator"], "properties": [
                    "horizon": ["type": "string", "enum": GoalHorizon.allCases.map(\.rawValue)], "title": string, "dueOn": date,
                    "indicator": string, "desiredResult": string,
                ]],
            ]],
            "PairCompletion": ["type": "object", "required": ["status", "answers", "closures"], "properties": [
                "status": ["type": "string", "enum": PairingStatus.allCases.map(\.rawValue)],
                "answers": ["type": "array", "items": OpenAPIDocument.ref("FinalAnswer")],
                "closures": ["type": "array", "items": OpenAPIDocument.ref("PairClosure")],
            ]],
            "ProgramCompletion": ["type": "object",
                                  "required": ["pairs", "working", "finished", "continued", "endedEarly", "goalsReached", "goalsTotal", "resultCount",
                                               "resultsByKind", "candidates", "rating"],
                                  "properties": [
                "pairs": ["type": "array", "items": ["type": "object",
                                                      "required": ["pairingID", "mentorID", "mentorName", "mentees", "form", "status", "goalsReached",
                                                                   "goalsTotal", "results", "finalHeld"],
                                                      "properties": [
                    "pairingID": uuid, "mentorID": uuid, "mentorName": string,
                    "mentees": ["type": "array", "description": "Наставляемые пары, давшие согласие", "items": ["type": "object",
                        "required": ["menteeID", "fullName"], "properties": ["menteeID": uuid, "fullName": string]]],
                    "form": ["type": "string", "enum": MentoringForm.allCases.map(\.rawValue)],
                    "status": ["type": "string", "enum": PairingStatus.allCases.map(\.rawValue)],
                    "decision": ["type": "string", "enum": ClosureDecision.allCases.map(\.rawValue), "description": "Последнее решение по паре; нет, пока пара работает без него"],
                    "decisionReason": string,
                    "menteeCloseness": ["type": "number", "minimum": 1, "maximum": 10, "description": "Среднее приближение к цели по ответам наставляемых; нет без ответов"],
                    "goalsReached": integer, "goalsTotal": integer, "results": integer, "finalHeld": boolean,
                ]]],
                "working": integer, "finished": integer, "continued": integer, "endedEarly": integer,
                "averageCloseness": ["type": "number", "minimum": 1, "maximum": 10, "description": "Нет, пока наставляемые не ответили"],
                "goalsReached": integer, "goalsTotal": integer, "resultCount": integer,
                "resultsByKind": ["type": "array", "items": ["type": "object", "required": ["kind", "count"], "properties": [
                    "kind": ["type": "string", "enum": ResultKind.allCases.map(\.rawValue)], "count": integer,
                ]]],
                "candidates": ["type": "array", "description": "Наставляемые, которые хотят стать наставниками (долгосрочная база)", "items": [
                    "type": "object", "required": ["menteeID", "fullName", "pairingID", "alreadyInBase"], "properties": [
                    "menteeID": uuid, "fullName": string, "pairingID": uuid, "alreadyInBase": boolean,
                ]]],
                "rating": ["type": "array", "items": ["type": "object", "required": ["mentorID", "mentorName", "pairs", "points", "lines"], "properties": [
                    "mentorID": uuid, "mentorName": string, "pairs": integer, "points": integer,
                    "lines": ["type": "array", "items": ["type": "object", "required": ["rule", "ruleName", "count", "points"], "properties": [
                        "rule": ["type": "string", "enum": MentorRating.Rule.allCases.map(\.rawValue)], "ruleName": string, "count": integer, "points": integer,
                    ]]],
                ]]],
            ]],
            "Incentive": ["type": "object", "required": ["id", "mentorId", "mentorName", "kind", "reason", "awardedOn"], "properties": [
                "id": uuid, "mentorId": uuid, "mentorName": string, "kind": ["type": "string", "enum": IncentiveKind.allCases.map(\.rawValue)],
                "reason": string, "awardedOn": date, "orderNumber": string, "orderOn": date,
            ]],
            "IncentiveList": ["type": "object", "required": ["items"], "properties": ["items": ["type": "array", "items": OpenAPIDocument.ref("Incentive")]]],
            "IncentiveInput": ["type": "object", "required": ["mentorId", "kind", "reason", "awardedOn"], "properties": [
                "mentorId": uuid, "kind": ["type": "string", "enum": IncentiveKind.allCases.map(\.rawValue)],
                "reason": ["type": "string", "minLength": 1, "maxLength": 1000], "awardedOn": date,
            ]],
        ]
    }
}
