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
                  requestSchema: OpenAPIDocument.ref("MeasureBody"), mayConflict: true),
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
        let number: [String: Any] = ["type": "number"]
        let scaleCode: [String: Any] = ["type": "string", "description": "Код шкалы: " + ImpactParameter.allCases.map(\.rawValue).joined(separator: ", ")
                                            + " или scale-<id> — своя шкала организации"]
        let side: [String: Any] = ["type": "string", "enum": ProgramPeople.Side.allCases.map(\.rawValue)]
        let form: [String: Any] = ["type": "string", "enum": MentoringForm.allCases.map(\.rawValue)]
        let scheme: [String: Any] = ["type": "string", "enum": PairingScheme.allCases.map(\.rawValue)]
        let figure: [String: Any] = ["type": "object", "required": ["code", "label", "count"], "properties": [
            "code": ["type": "string", "enum": ["pairsMetLastTwoWeeks", "answersMeetFortnightly", "menteesInClubs", "pairsWithProject",
                                                "pairsWithExamResult", "teacherPublications"]],
            "label": string, "count": integer,
            "of": ["type": "integer", "description": "Из скольких пар или ответов; нет у простого счёта (публикации)"],
            "share": ["type": "number", "minimum": 0, "maximum": 1, "description": "count / of; нет, когда of нет или он равен 0"],
        ]]
        let score: [String: Any] = ["type": "object", "required": ["label", "count"], "properties": [
            "label": ["type": "string", "description": "Кто отвечал (роль) или что оценено"],
            "average": ["type": "number", "description": "Среднее по шкале анкеты; нет без ответов"], "count": integer,
        ]]
        let entry: [String: Any] = ["type": "object", "required": ["quadrant", "text", "source"], "properties": [
            "quadrant": ["type": "string", "enum": SwotQuadrant.allCases.map(\.rawValue)], "text": string, "source": string,
        ]]
        let group: [String: Any] = ["type": "object",
                                    "required": ["label", "parameter", "parameterName", "averageChange", "improvedShare", "people", "tooFewPeople"],
                                    "properties": [
            "label": string, "parameter": scaleCode, "parameterName": string,
            "side": side, "form": form, "scheme": scheme,
            "averageChange": ["type": "number", "description": "Среднее изменение (выход − вход)"],
            "improvedShare": ["type": "number", "minimum": 0, "maximum": 1, "description": "Доля тех, у кого значение сдвинулось в лучшую сторону"],
            "people": integer,
            "tooFewPeople": ["type": "boolean", "description": "Меньше \(ProgramImpact.minimumGroup) человек: сравнивать рано"],
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
                "type": "object", "required": ["key", "side", "name", "changes"], "properties": [
                "key": ["type": "string", "description": "mentee-<id> или mentor-<id>"], "side": side, "name": string, "form": form,
                "scheme": ["type": "string", "enum": PairingScheme.allCases.map(\.rawValue), "description": "Нет, пока у участника нет пары"],
                "changes": ["type": "array", "items": ["type": "object", "required": ["parameter", "parameterName"], "properties": [
                    "parameter": scaleCode, "parameterName": string, "entry": number, "exit": number,
                    "change": ["type": "number", "description": "Выход − вход, когда измерены оба"],
                    "direction": ["type": "string", "enum": ["improved", "worse", "same"], "description": "Когда измерены оба"],
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
