/// The stage and checklist operations and schemas of the OpenAPI document.
extension ProgramStagesAPIController {
    static var operations: [OpenAPIDocument.Operation] {
        let parameters = [OpenAPIDocument.uuidPathParameter("organizationID", "Идентификатор организации"),
                          OpenAPIDocument.uuidPathParameter("programID", "Идентификатор программы")]
        let base = "/api/v1/organizations/{organizationID}/programs/{programID}"
        return [
            .init(method: .GET, path: base + "/stages",
                  summary: "Этапы программы с чек-листами: что отмечено людьми, что — по данным платформы (isDerived), сколько открыто; история переходов",
                  tag: "Программы", requiresAuth: true, parameters: parameters, responseSchema: OpenAPIDocument.ref("ProgramStages")),
            .init(method: .PUT, path: base + "/stage",
                  summary: "Перевести программу на этап (администрация, куратор). Невыполненное не запрещает переход: оно возвращается в openItems и message",
                  tag: "Программы", requiresAuth: true, parameters: parameters, responseSchema: OpenAPIDocument.ref("StageMoveResult"),
                  requestSchema: OpenAPIDocument.ref("StageMoveInput"), mayConflict: true),
            .init(method: .PUT, path: base + "/checklist/{itemID}",
                  summary: "Отметить пункт чек-листа выполненным или снять отметку (администрация, куратор)",
                  tag: "Программы", requiresAuth: true,
                  parameters: parameters + [OpenAPIDocument.uuidPathParameter("itemID", "Идентификатор пункта чек-листа")],
                  responseSchema: OpenAPIDocument.ref("ChecklistItem"), requestSchema: OpenAPIDocument.ref("ChecklistMarkInput")),
        ]
    }

    static var schemas: [String: Any] {
        let string: [String: Any] = ["type": "string"]
        let integer: [String: Any] = ["type": "integer"]
        let stageNumber: [String: Any] = ["type": "integer", "minimum": 1, "maximum": 7]
        return [
            "ChecklistItem": ["type": "object", "required": ["id", "stage", "contour", "title", "isDone", "isDerived"], "properties": [
                "id": ["type": "string", "format": "uuid"], "stage": stageNumber,
                "contour": ["type": "string", "description": "Контур: внутренний или внешний (по-русски)"], "title": string,
                "isDone": ["type": "boolean"],
                "isDerived": ["type": "boolean", "description": "Выполнено по данным платформы (базы сформированы, пары сформированы…), а не отмечено человеком"],
                "doneBy": ["type": ["string", "null"], "description": "Кто отметил вручную"],
            ]],
            "ProgramStage": ["type": "object", "required": ["number", "name", "isCurrent", "isPast", "openCount", "items"], "properties": [
                "number": stageNumber, "name": string, "isCurrent": ["type": "boolean"], "isPast": ["type": "boolean"], "openCount": integer,
                "items": ["type": "array", "items": OpenAPIDocument.ref("ChecklistItem")],
            ]],
            "ProgramStages": ["type": "object", "required": ["stage", "stageName", "openBeforeNext", "stages", "transitions"], "properties": [
                "stage": stageNumber, "stageName": string,
                "openBeforeNext": ["type": "integer", "description": "Невыполненных пунктов текущего и прежних этапов: о них предупредит переход вперёд"],
                "stages": ["type": "array", "items": OpenAPIDocument.ref("ProgramStage")],
                "transitions": ["type": "array", "items": ["type": "object", "required": ["at", "from", "to", "actor", "openItems"], "properties": [
                    "at": ["type": "string", "format": "date-time"], "from": stageNumber, "to": stageNumber, "actor": string, "openItems": integer,
                ]]],
            ]],
            "StageMoveInput": ["type": "object", "required": ["stage"], "properties": ["stage": stageNumber]],
            "StageMoveResult": ["type": "object", "required": ["from", "to", "stageName", "openItems", "message"], "properties": [
                "from": stageNumber, "to": stageNumber, "stageName": string,
                "openItems": ["type": "array", "items": string, "description": "Невыполненные пункты прежних этапов"],
                "message": ["type": "string", "description": "То же сообщение, что показывает страница программы"],
            ]],
            "ChecklistMarkInput": ["type": "object", "required": ["done"], "properties": ["done": ["type": "boolean"]]],
        ]
    }
}
