import Vapor

extension IndicatorsAPIController {
    private static var year: [String: Any] {
        ["name": "year", "in": "query", "required": false, "description": "Учебный год, например 2026/2027; по умолчанию текущий",
         "schema": ["type": "string", "pattern": "^\\d{4}(/\\d{4})?$"]]
    }

    /// Every operation of this controller, for the OpenAPI document.
    static var operations: [OpenAPIDocument.Operation] { [
        .init(method: .GET, path: "/api/v1/indicators",
              summary: "Показатели территории координатора: муниципалитеты региона или организации муниципалитета", tag: "Мониторинг",
              requiresAuth: true, parameters: [year, ["name": "municipality", "in": "query", "required": false,
                                                       "description": "Муниципалитет для детализации по организациям",
                                                       "schema": ["type": "string", "format": "uuid"]]],
              responseSchema: OpenAPIDocument.ref("IndicatorTable")),
        .init(method: .GET, path: "/api/v1/organizations/{organizationID}/indicators", summary: "Показатели организации по формам наставничества",
              tag: "Мониторинг", requiresAuth: true,
              parameters: [OpenAPIDocument.uuidPathParameter("organizationID", "Идентификатор организации"), year],
              responseSchema: OpenAPIDocument.ref("IndicatorTable")),
    ] }

    static var schemas: [String: Any] {
        let integer: [String: Any] = ["type": "integer"]
        let string: [String: Any] = ["type": "string"]
        let counts: [String: Any] = ["type": "object", "properties": Dictionary(uniqueKeysWithValues: [
            "students", "teachers", "youngTeachers", "reporting", "organizations", "involvedMentees", "involvedStudentMentors",
            "involvedYoungTeachers", "pairs", "activeMentors", "enterpriseMentors", "finished", "endedEarly", "closenessSum", "closenessCount",
        ].map { ($0, integer) })]
        return [
            "IndicatorRow": ["type": "object", "required": ["name", "counts"], "properties": [
                "id": ["type": "string", "format": "uuid"], "name": string, "counts": counts,
                "studentShare": string, "youngTeacherShare": string, "completionRate": string, "earlyEndRate": string,
                "averageCloseness": string, "studentPercent": ["type": "number"],
            ]],
            "IndicatorTable": ["type": "object", "required": ["year", "scope", "total", "rows"], "properties": [
                "year": string, "scope": string, "total": OpenAPIDocument.ref("IndicatorRow"),
                "rows": ["type": "array", "items": OpenAPIDocument.ref("IndicatorRow")],
            ]],
        ]
    }
}
