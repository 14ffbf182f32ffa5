/// The program monitoring operations and schemas of the OpenAPI document.
extension ProgramMonitoringAPIController {
    static var operations: [OpenAPIDocument.Operation] {
        let parameters = [OpenAPIDocument.uuidPathParameter("organizationID", "Идентификатор организации"),
                          OpenAPIDocument.uuidPathParameter("programID", "Идентификатор программы")]
        let base = "/api/v1/organizations/{organizationID}/programs/{programID}"
        return [
            .init(method: .GET, path: base + "/monitoring",
                  summary: "Мониторинг программы: качество и удовлетворённость из анкет, SWOT, показатели по учебным годам, динамика без имён",
                  tag: "Мониторинг", requiresAuth: true, parameters: parameters, responseSchema: OpenAPIDocument.ref("ProgramMonitoring")),
            .init(method: .GET, path: base + "/measurements", summary: "Измерения наставляемых и наставников на входе и на выходе (с именами)",
                  tag: "Мониторинг", requiresAuth: true, parameters: parameters, responseSchema: OpenAPIDocument.ref("MeasurementList")),
            .init(method: .POST, path: base + "/measurements", summary: "Записать измерения участника программы на входе или на выходе",
                  tag: "Мониторинг", requiresAuth: true, parameters: parameters, responseSchema: OpenAPIDocument.ref("MeasureResult"),
                  requestSchema: OpenAPIDocument.ref("MeasureBody")),
        ]
    }

    static var schemas: [String: Any] {
        let string: [String: Any] = ["type": "string"]
        let integer: [String: Any] = ["type": "integer"]
        let figure: [String: Any] = ["type": "object", "properties": ["label": string, "value": string, "basis": string]]
        let score: [String: Any] = ["type": "object", "properties": ["label": string, "average": string, "count": integer]]
        let group: [String: Any] = ["type": "object", "properties": [
            "label": string, "parameter": string, "averageChange": string, "improvedShare": string, "improvedShareValue": ["type": "number"],
            "people": integer, "caution": string,
        ]]
        let groups: [String: Any] = ["type": "array", "items": group]
        return [
            "ProgramMonitoring": ["type": "object", "required": ["quality", "swot", "years", "byParameter", "bySide", "byForm", "byScheme"], "properties": [
                "quality": ["type": "object", "properties": [
                    "suggestions": ["type": "array", "items": ["type": "object", "properties": ["quadrant": string, "text": string, "source": string]]],
                    "satisfaction": ["type": "array", "items": score], "quality": score,
                    "regularity": ["type": "array", "items": figure], "results": ["type": "array", "items": figure], "answerCount": integer,
                ]],
                "swot": ["type": "array", "items": ["type": "object", "properties": ["quadrant": string, "text": string, "source": string]]],
                "years": ["type": "array", "items": OpenAPIDocument.ref("IndicatorRow")],
                "byParameter": groups, "bySide": groups, "byForm": groups, "byScheme": groups,
            ]],
            "MeasurementList": ["type": "object", "required": ["people"], "properties": ["people": ["type": "array", "items": ["type": "object", "properties": [
                "key": ["type": "string", "description": "mentee-<id> или mentor-<id>"], "side": string, "name": string, "form": string, "scheme": string,
                "changes": ["type": "array", "items": ["type": "object", "properties": [
                    "parameter": string, "entry": string, "exit": string, "change": string, "direction": string,
                ]]],
            ]]]]],
            "MeasureBody": ["type": "object", "required": ["person", "phase", "measuredOn", "values"], "properties": [
                "person": ["type": "string", "description": "mentee-<id> или mentor-<id> участника программы"],
                "phase": ["type": "string", "enum": MeasurementPhase.allCases.map(\.rawValue)],
                "measuredOn": ["type": "string", "format": "date"],
                "source": ["type": "string", "enum": MeasurementSource.allCases.map(\.rawValue)],
                "values": ["type": "object", "additionalProperties": ["type": "number"],
                           "description": "Параметр → значение: " + ImpactParameter.allCases.map(\.rawValue).joined(separator: ", ")
                               + "; своя шкала организации — scale-<id> (страница /orgs/<id>/scales)"],
            ]],
            "MeasureResult": ["type": "object", "required": ["saved"], "properties": ["saved": integer]],
        ]
    }
}
