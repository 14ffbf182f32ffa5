import Vapor

extension TrainingAPIController {
    private static var sessionParameter: [String: Any] { OpenAPIDocument.uuidPathParameter("sessionID", "Идентификатор занятия") }
    private static let base = "/api/v1/organizations/{organizationID}/programs/{programID}/training"

    /// Every operation of this controller, for the OpenAPI document.
    static var operations: [OpenAPIDocument.Operation] {
        let program = SelectionAPIController.programParameters
        return [
            .init(method: .GET, path: base, summary: "Обучение наставников: занятия, посещение, правило «обучен», рекомендуемое число встреч по формам программы",
                  tag: "Отбор и обучение", requiresAuth: true, parameters: program, responseSchema: OpenAPIDocument.ref("Training")),
            .init(method: .PUT, path: base + "/rule", summary: "Правило «обучен»: сколько занятий первичного обучения нужно посетить",
                  tag: "Отбор и обучение", requiresAuth: true, parameters: program, responseSchema: OpenAPIDocument.ref("Training"),
                  requestSchema: OpenAPIDocument.ref("TrainingRuleInput")),
            .init(method: .POST, path: base + "/sessions", summary: "Добавить занятие в план обучения", tag: "Отбор и обучение",
                  requiresAuth: true, parameters: program, responseSchema: OpenAPIDocument.ref("TrainingSession"),
                  requestSchema: OpenAPIDocument.ref("TrainingSessionInput"), successStatus: 201),
            .init(method: .PUT, path: base + "/sessions/{sessionID}", summary: "Изменить занятие", tag: "Отбор и обучение",
                  requiresAuth: true, parameters: program + [sessionParameter], responseSchema: OpenAPIDocument.ref("TrainingSession"),
                  requestSchema: OpenAPIDocument.ref("TrainingSessionInput")),
            .init(method: .DELETE, path: base + "/sessions/{sessionID}", summary: "Удалить занятие вместе с отметками посещения", tag: "Отбор и обучение",
                  requiresAuth: true, parameters: program + [sessionParameter], responseSchema: OpenAPIDocument.ref("Training")),
            .init(method: .PUT, path: base + "/sessions/{sessionID}/attendance", summary: "Кто из отобранных наставников посетил занятие (заменяет прежние отметки)",
                  tag: "Отбор и обучение", requiresAuth: true, parameters: program + [sessionParameter],
                  responseSchema: OpenAPIDocument.ref("TrainingSession"), requestSchema: OpenAPIDocument.ref("AttendanceInput"), mayConflict: true),
        ]
    }

    static var schemas: [String: Any] {
        let string: [String: Any] = ["type": "string"]
        let uuid: [String: Any] = ["type": "string", "format": "uuid"]
        let kind: [String: Any] = ["type": "string", "enum": TrainingKind.allCases.map(\.rawValue)]
        let format: [String: Any] = ["type": "string", "enum": TrainingFormat.allCases.map(\.rawValue)]
        let trainerKind: [String: Any] = ["type": "string", "enum": TrainerKind.allCases.map(\.rawValue)]
        return [
            "TrainingSession": ["type": "object", "required": ["id", "kind", "topic", "heldOn", "format", "trainerName", "trainerKind"], "properties": [
                "id": uuid, "kind": kind, "topic": string, "heldOn": ["type": "string", "format": "date"], "format": format,
                "trainerName": string, "trainerKind": trainerKind, "materials": string, "attendedMentorIDs": ["type": "array", "items": uuid],
            ]],
            "TrainingSessionInput": ["type": "object", "required": ["topic", "heldOn", "format", "trainerName"], "properties": [
                "kind": kind, "topic": string, "heldOn": ["type": "string", "format": "date"], "format": format,
                "trainerName": string, "trainerKind": trainerKind, "materials": ["type": "string", "description": "Ссылки или примечание, по одному в строке"],
            ]],
            "TrainingRuleInput": ["type": "object", "required": ["primarySessionsRequired"], "properties": [
                "primarySessionsRequired": ["type": "integer", "minimum": TrainingService.requiredRange.lowerBound, "maximum": TrainingService.requiredRange.upperBound],
            ]],
            "AttendanceInput": ["type": "object", "required": ["mentorIDs"], "properties": ["mentorIDs": ["type": "array", "items": uuid]]],
            "Training": ["type": "object", "required": ["primarySessionsRequired", "sessions", "mentors"], "properties": [
                "primarySessionsRequired": ["type": "integer"],
                "suggested": ["type": ["object", "null"], "description": "Рекомендация по самой требовательной форме программы", "properties": [
                    "form": ["type": "string", "enum": MentoringForm.allCases.map(\.rawValue)], "minimumSessions": ["type": "integer"],
                    "maximumSessions": ["type": "integer"], "advice": string, "optional": ["type": "boolean"],
                ]],
                "suggestedTopics": ["type": "array", "items": string],
                "sessions": ["type": "array", "items": OpenAPIDocument.ref("TrainingSession")],
                "mentors": ["type": "array", "items": ["type": "object", "properties": [
                    "mentorID": uuid, "fullName": string, "primaryAttended": ["type": "integer"], "totalAttended": ["type": "integer"],
                    "trained": ["type": "boolean"], "status": ["type": "string", "enum": MentorStatus.allCases.map(\.rawValue)],
                ]]],
            ]],
        ]
    }
}
