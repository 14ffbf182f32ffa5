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
        let integer: [String: Any] = ["type": "integer", "minimum": 0]
        let string: [String: Any] = ["type": "string"]
        func number(_ description: String) -> [String: Any] { ["type": ["number", "null"], "description": description] }
        // Every field of IndicatorCounts, as it encodes them.
        let countNames = [
            "students", "teachers", "youngTeachers", "reporting", "organizations", "involvedMentees", "involvedStudentMentors",
            "involvedYoungTeachers", "pairs", "activeMentors", "enterpriseMentors", "finished", "endedEarly", "closenessSum", "closenessCount",
            "mentorSatisfactionSum", "mentorSatisfactionCount", "menteeSatisfactionSum", "menteeSatisfactionCount",
            "partnerSatisfactionSum", "partnerSatisfactionCount",
        ]
        let counts: [String: Any] = ["type": "object", "required": countNames,
                                     "properties": Dictionary(uniqueKeysWithValues: countNames.map { ($0, integer) })]
        return [
            "IndicatorRow": ["type": "object", "required": ["name", "counts", "involvedStudents"], "properties": [
                "id": ["type": ["string", "null"], "format": "uuid"], "name": string, "counts": counts,
                "involvedStudents": ["type": "integer", "description": "Обучающиеся в наставничестве: наставляемые и наставники-обучающиеся"],
                "studentShare": number("Доля вовлечённых обучающихся от всех обучающихся, 0…1"),
                "youngTeacherShare": number("Доля молодых педагогов в наставничестве, 0…1"),
                "completionRate": number("Доля завершённых пар, 0…1"), "earlyEndRate": number("Доля пар, завершённых досрочно, 0…1"),
                "averageCloseness": number("Средняя близость к цели по итоговым анкетам, 1…10"),
                "mentorSatisfaction": number("Средняя удовлетворённость наставников, 1…10"),
                "menteeSatisfaction": number("Средняя удовлетворённость наставляемых, 1…10"),
                "partnerSatisfaction": number("Средняя удовлетворённость партнёров, 1…10"),
            ]],
            "IndicatorTable": ["type": "object", "required": ["year", "scope", "total", "rows"], "properties": [
                "year": string, "scope": string, "total": OpenAPIDocument.ref("IndicatorRow"),
                "rows": ["type": "array", "items": OpenAPIDocument.ref("IndicatorRow")],
            ]],
        ]
    }
}
