import Fluent
import Vapor

/// `/api/v1/organizations/:organizationID/year-figures`: the numbers of students and teachers an
/// organization reports for an academic year — what the indicators' shares divide by — read and
/// entered as on the organization's indicators page, over `MonitoringService`.
struct YearFiguresAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let figures = routes.grouped(RequireAPIPrincipal()).grouped("organizations", ":organizationID", "year-figures")
        figures.get(use: show)
        figures.put(use: save)
    }

    struct YearFigures: Content {
        let year: String
        /// null while the organization has not entered the year.
        let students: Int?
        let teachers: Int?
        let youngTeachers: Int?
        let enteredBy: String?
        /// Students already involved in the organization's programs that year: `students` may not be less.
        let involvedStudents: Int
    }

    struct YearFiguresInput: Content {
        var year: String?
        var students: Int?
        var teachers: Int?
        var youngTeachers: Int?
    }

    /// GET …/year-figures?year=2026/2027 — the current academic year without `year`.
    @Sendable func show(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .viewIndicators)
        return try await Self.figures(organization, year: IndicatorsController.year(req), on: req.db).encodeResponse(for: req)
    }

    /// PUT …/year-figures
    @Sendable func save(req: Request) async throws -> YearFigures {
        let organization = try await req.authorizedOrganization(for: .managePrograms)
        let input = try req.content.decode(YearFiguresInput.self)
        let (year, _) = try await MonitoringService.saveYearFigures(
            .init(year: input.year, students: input.students, teachers: input.teachers, youngTeachers: input.youngTeachers),
            of: organization, by: req.auditActor, on: req.db)
        return try await Self.figures(organization, year: year, on: req.db)
    }

    static func figures(_ organization: Organization, year: AcademicYear, on db: any Database) async throws -> YearFigures {
        let figures = try await MonitoringService.yearFigures(of: organization, year: year, on: db)
        let involved = try await IndicatorsController.organizationRows(organization, year: year, on: db).total.involvedStudents
        return YearFigures(year: year.title, students: figures?.students, teachers: figures?.teachers, youngTeachers: figures?.youngTeachers,
                           enteredBy: figures?.enteredByName, involvedStudents: involved)
    }

    static var operations: [OpenAPIDocument.Operation] {
        let path = "/api/v1/organizations/{organizationID}/year-figures"
        let organization = OpenAPIDocument.uuidPathParameter("organizationID", "Идентификатор организации")
        return [
            .init(method: .GET, path: path, summary: "Численность обучающихся и педагогов организации за учебный год (знаменатели долей показателей)",
                  tag: "Мониторинг", requiresAuth: true,
                  parameters: [organization, ["name": "year", "in": "query", "required": false, "description": "Учебный год, например 2026/2027; по умолчанию текущий",
                                              "schema": ["type": "string", "pattern": "^[0-9]{4}/[0-9]{4}$"]]],
                  responseSchema: OpenAPIDocument.ref("YearFigures")),
            .init(method: .PUT, path: path, summary: "Внести численность за учебный год (администрация, куратор); обучающихся не меньше уже вовлечённых",
                  tag: "Мониторинг", requiresAuth: true, parameters: [organization], responseSchema: OpenAPIDocument.ref("YearFigures"),
                  requestSchema: OpenAPIDocument.ref("YearFiguresInput")),
        ]
    }

    static var schemas: [String: Any] {
        let count: [String: Any] = ["type": "integer", "minimum": 0, "maximum": 1_000_000]
        let maybeCount: [String: Any] = ["type": ["integer", "null"], "minimum": 0]
        return [
            "YearFigures": ["type": "object", "required": ["year", "involvedStudents"], "properties": [
                "year": ["type": "string", "description": "Учебный год, 2026/2027"],
                "students": maybeCount, "teachers": maybeCount, "youngTeachers": maybeCount,
                "enteredBy": ["type": ["string", "null"], "description": "Кто внёс сведения"],
                "involvedStudents": ["type": "integer", "description": "Обучающихся уже вовлечено в программы за этот год"],
            ]],
            "YearFiguresInput": ["type": "object", "required": ["year", "students", "teachers", "youngTeachers"], "properties": [
                "year": ["type": "string", "description": "Учебный год, например 2026/2027"],
                "students": count, "teachers": count, "youngTeachers": ["type": "integer", "minimum": 0, "description": "Педагоги со стажем до 3 лет"],
            ]],
        ]
    }
}
