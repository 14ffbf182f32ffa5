import Vapor

extension PairWorkAPIController {
    private static let base = "/api/v1/pairs/{pairingID}"
    private static var pairing: [[String: Any]] { [OpenAPIDocument.uuidPathParameter("pairingID", "Идентификатор сформированной пары или группы")] }

    /// Every operation of this controller, for the OpenAPI document.
    static var operations: [OpenAPIDocument.Operation] { [
        .init(method: .GET, path: base + "/meetings", summary: "Встречи пары и ритм встреч", tag: "Работа пар",
              requiresAuth: true, parameters: pairing, responseSchema: OpenAPIDocument.ref("PairMeetingList")),
        .init(method: .POST, path: base + "/meetings", summary: "Запланировать или записать встречу пары", tag: "Работа пар",
              requiresAuth: true, parameters: pairing, responseSchema: OpenAPIDocument.ref("PairMeeting"),
              requestSchema: OpenAPIDocument.ref("PairMeetingInput"), successStatus: 201, mayConflict: true),
        .init(method: .GET, path: base + "/goals", summary: "Карта целей пары", tag: "Работа пар",
              requiresAuth: true, parameters: pairing, responseSchema: OpenAPIDocument.ref("PairGoalList")),
        .init(method: .POST, path: base + "/goals", summary: "Добавить цель в карту целей", tag: "Работа пар",
              requiresAuth: true, parameters: pairing, responseSchema: OpenAPIDocument.ref("PairGoal"),
              requestSchema: OpenAPIDocument.ref("PairGoalInput"), successStatus: 201, mayConflict: true),
        .init(method: .GET, path: base + "/diary", summary: "Дневник пары, новые записи первыми", tag: "Работа пар",
              requiresAuth: true, parameters: pairing, responseSchema: OpenAPIDocument.ref("DiaryList")),
        .init(method: .POST, path: base + "/diary", summary: "Запись в дневник пары", tag: "Работа пар",
              requiresAuth: true, parameters: pairing, responseSchema: OpenAPIDocument.ref("DiaryEntry"),
              requestSchema: OpenAPIDocument.ref("DiaryInput"), successStatus: 201, mayConflict: true),
    ] }

    static var schemas: [String: Any] {
        let string: [String: Any] = ["type": "string"]
        let uuid: [String: Any] = ["type": "string", "format": "uuid"]
        let date: [String: Any] = ["type": "string", "format": "date"]
        let integer: [String: Any] = ["type": "integer"]
        let kinds: [String: Any] = ["type": "string", "enum": MeetingKind.allCases.map(\.rawValue)]
        let statuses: [String: Any] = ["type": "string", "enum": MeetingStatus.allCases.map(\.rawValue)]
        let formats: [String: Any] = ["type": "string", "enum": MeetingFormat.allCases.map(\.rawValue)]
        let horizons: [String: Any] = ["type": "string", "enum": GoalHorizon.allCases.map(\.rawValue)]
        return [
            "PairMeeting": ["type": "object", "required": ["id", "kind", "status", "on", "durationMinutes", "format"], "properties": [
                "id": uuid, "kind": kinds, "status": statuses, "on": date, "startsAt": string, "durationMinutes": integer,
                "format": formats, "place": string, "summary": string,
            ]],
            "PairRhythm": ["type": "object", "required": ["lastHeld", "heldLast30Days", "planned", "warnings"], "properties": [
                "lastHeld": string, "daysSinceLast": integer, "heldLast30Days": integer, "planned": integer,
                "warnings": ["type": "array", "items": string],
            ]],
            "PairMeetingList": ["type": "object", "required": ["items", "rhythm"], "properties": [
                "items": ["type": "array", "items": OpenAPIDocument.ref("PairMeeting")], "rhythm": OpenAPIDocument.ref("PairRhythm"),
            ]],
            "PairMeetingInput": ["type": "object", "required": ["kind", "on"], "properties": [
                "kind": kinds, "status": ["type": "string", "enum": ["planned", "held"]], "on": date,
                "startsAt": ["type": "string", "pattern": "^([01]?\\d|2[0-3]):[0-5]\\d$"], "durationMinutes": ["type": "integer", "minimum": 5, "maximum": 600],
                "format": formats, "place": string, "summary": string,
            ]],
            "PairGoal": ["type": "object", "required": ["id", "horizon", "title", "dueOn", "indicator", "progress"], "properties": [
                "id": uuid, "horizon": horizons, "title": string, "desiredResult": string, "actions": string, "dueOn": date,
                "indicator": string, "progress": ["type": "integer", "minimum": 0, "maximum": 100], "completionNote": string,
            ]],
            "PairGoalList": ["type": "object", "required": ["items"], "properties": ["items": ["type": "array", "items": OpenAPIDocument.ref("PairGoal")]]],
            "PairGoalInput": ["type": "object", "required": ["title", "dueOn", "indicator"], "properties": [
                "horizon": horizons, "title": string, "desiredResult": string, "actions": string, "dueOn": date, "indicator": string,
            ]],
            "DiaryEntry": ["type": "object", "required": ["id", "authorRole", "authorName", "text"], "properties": [
                "id": uuid, "authorRole": string, "authorName": string, "text": string, "createdAt": ["type": "string", "format": "date-time"],
            ]],
            "DiaryList": ["type": "object", "required": ["items"], "properties": ["items": ["type": "array", "items": OpenAPIDocument.ref("DiaryEntry")]]],
            "DiaryInput": ["type": "object", "required": ["text"], "properties": ["text": string]],
        ]
    }
}
