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
            .init(method: .GET, path: base + "/monitoring.xlsx", summary: "Мониторинг программы файлом XLSX: SWOT, качество, динамика — как на странице",
                  tag: "Мониторинг", requiresAuth: true, parameters: parameters, responseSchema: [:], fileTypes: [DocumentResponse.xlsxType]),
            .init(method: .GET, path: base + "/swot", summary: "Таблица SWOT программы и пункты, которые предлагают ответы анкеты качества",
                  tag: "Мониторинг", requiresAuth: true, parameters: parameters, responseSchema: OpenAPIDocument.ref("Swot")),
            .init(method: .POST, path: base + "/swot", summary: "Добавить пункт SWOT (администрация, куратор): из ответа с источником или свой",
                  tag: "Мониторинг", requiresAuth: true, parameters: parameters, responseSchema: OpenAPIDocument.ref("SwotItem"),
                  requestSchema: OpenAPIDocument.ref("SwotInput"), successStatus: 201),
            .init(method: .POST, path: base + "/swot/accept", summary: "Добавить в SWOT все пункты, которые предлагают ответы анкет, с их источниками",
                  tag: "Мониторинг", requiresAuth: true, parameters: parameters, responseSchema: OpenAPIDocument.ref("SwotAcceptResult")),
            .init(method: .DELETE, path: base + "/swot/{itemID}", summary: "Убрать пункт из SWOT",
                  tag: "Мониторинг", requiresAuth: true, parameters: parameters + [OpenAPIDocument.uuidPathParameter("itemID", "Идентификатор пункта SWOT")],
                  responseSchema: OpenAPIDocument.ref("Swot")),
        ]
    }

    static var schemas: [String: Any] {
        let string: [String: Any] = ["type": "string"]
        let integer: [String: Any] = ["type": "integer"]
        let figure: [String: Any] = ["type": "object", "required": ["label", "value", "basis"], "properties": ["label": string, "value": string, "basis": string]]
        let score: [String: Any] = ["type": "object", "required": ["label", "average", "count"], "properties": ["label": string, "average": string, "count": integer]]
        let entry: [String: Any] = ["type": "object", "required": ["quadrant", "text", "source"], "properties": [
            "quadrant": ["type": "string", "enum": SwotQuadrant.allCases.map(\.rawValue)], "text": string, "source": string,
        ]]
        let group: [String: Any] = ["type": "object", "required": ["label", "parameter", "averageChange", "improvedShare", "improvedShareValue", "people", "caution"],
                                    "properties": [
            "label": string, "parameter": string, "averageChange": string, "improvedShare": string, "improvedShareValue": ["type": "number"],
            "people": integer, "caution": string,
        ]]
        let groups: [String: Any] = ["type": "array", "items": group]
        return [
            "ProgramMonitoring": ["type": "object", "required": ["quality", "swot", "years", "byParameter", "bySide", "byForm", "byScheme"], "properties": [
                "quality": ["type": "object", "required": ["suggestions", "satisfaction", "quality", "regularity", "results", "answerCount"], "properties": [
                    "suggestions": ["type": "array", "items": entry],
                    "satisfaction": ["type": "array", "items": score], "quality": score,
                    "regularity": ["type": "array", "items": figure], "results": ["type": "array", "items": figure], "answerCount": integer,
                ]],
                "swot": ["type": "array", "items": entry],
                "years": ["type": "array", "items": OpenAPIDocument.ref("IndicatorRow")],
                "byParameter": groups, "bySide": groups, "byForm": groups, "byScheme": groups,
            ]],
            "MeasurementList": ["type": "object", "required": ["people"], "properties": ["people": ["type": "array", "items": [
                "type": "object", "required": ["key", "side", "name", "form", "scheme", "changes"], "properties": [
                "key": ["type": "string", "description": "mentee-<id> или mentor-<id>"], "side": string, "name": string, "form": string, "scheme": string,
                "changes": ["type": "array", "items": ["type": "object", "required": ["parameter", "entry", "exit", "change", "direction"], "properties": [
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
            "SwotItem": ["type": "object", "required": ["id", "quadrant", "text", "source", "writtenBy"], "properties": [
                "id": ["type": "string", "format": "uuid"], "quadrant": ["type": "string", "enum": SwotQuadrant.allCases.map(\.rawValue)],
                "text": string, "source": ["type": "string", "description": "Откуда пункт: ответ анкеты или «Куратор»"], "writtenBy": string,
            ]],
            "Swot": ["type": "object", "required": ["items", "suggestions"], "properties": [
                "items": ["type": "array", "items": OpenAPIDocument.ref("SwotItem")],
                "suggestions": ["type": "array", "items": entry, "description": "Что предлагают ответы анкеты качества и чего ещё нет в таблице"],
            ]],
            "SwotInput": ["type": "object", "required": ["quadrant", "text"], "properties": [
                "quadrant": ["type": "string", "enum": SwotQuadrant.allCases.map(\.rawValue)], "text": ["type": "string", "maxLength": 1000],
                "source": ["type": "string", "description": "Источник (ответ анкеты); пусто — пункт куратора"],
            ]],
            "SwotAcceptResult": ["type": "object", "required": ["added", "swot"], "properties": ["added": integer, "swot": OpenAPIDocument.ref("Swot")]],
        ]
    }
}
