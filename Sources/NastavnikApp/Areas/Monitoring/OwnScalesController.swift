import Fluent
import SQLKit
import Vapor

/// The organization's own scales (issue 17, item 5): a curator or psychologist adds what the
/// organization measures besides the built-in parameters — its name, unit, range, whether more is
/// better, and for whom — and removes one with its values. One scale per name is the database's rule.
struct OwnScalesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Questionnaires.scales, use: index)
        routes.on(SiteRoute.Questionnaires.changeScales, use: change)
    }

    struct Page: Encodable {
        struct Row: Encodable { let id: UUID; let name: String; let range: String; let direction: String; let whom: String; let values: Int }
        let organizationID: UUID
        let rows: [Row]
        /// The built-in parameters' names, joined.
        let builtIn: String
        let directions: [SelectOption]
        let audiences: [SelectOption]
    }

    /// GET /orgs/:organizationID/scales
    @Sendable func index(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .measureImpact)
        return try await page(req, organization, form: FormState(values: ["minimum": "1", "maximum": "10", "direction": "higher", "whom": "mentees"]))
    }

    private func page(_ req: Request, _ organization: Organization, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let organizationID = try organization.requireID()
        let scales = try await OwnScale.query(on: req.db).filter(\.$organizationID == organizationID).sort(\.$createdAt).sort(\.$name).all()
        let counts = try await valueCounts(of: scales.map { MeasureScale($0).code }, organizationID: organizationID, on: req.db)
        var rows: [Page.Row] = []
        for scale in scales {
            let measured = MeasureScale(scale)
            let values = counts[measured.code] ?? 0
            let whom: OwnScales.Whom = scale.forMentees && scale.forMentors ? .both : scale.forMentees ? .mentees : .mentors
            rows.append(.init(id: try scale.requireID(), name: measured.name, range: measured.rangeText, direction: measured.directionText,
                              whom: whom.russianName, values: values))
        }
        return try await req.page(
            "monitoring/scales", title: "Свои шкалы измерений",
            breadcrumbs: [.init(organization.shortName, SiteRoute.Organizations.show.path(organizationID)), .init("Свои шкалы измерений")],
            organization: organization, form: form, status: status,
            content: Page(
                organizationID: organizationID, rows: rows, builtIn: ImpactParameter.allCases.map(\.russianName).joined(separator: "; "),
                directions: [SelectOption("higher", "Больше — лучше", selected: form.values["direction"] != "lower"),
                             SelectOption("lower", "Меньше — лучше", selected: form.values["direction"] == "lower")],
                audiences: OwnScales.Whom.allCases.map { SelectOption($0.rawValue, $0.russianName, selected: form.values["whom"] == $0.rawValue) }))
    }

    /// How many values each scale holds, in one grouped query rather than one per scale.
    private func valueCounts(of codes: [String], organizationID: UUID, on db: any Database) async throws -> [String: Int] {
        guard !codes.isEmpty, let sql = db as? any SQLDatabase else { return [:] }
        struct Row: Decodable { let parameter: String; let n: Int }
        let rows = try await sql.select().column("parameter").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(ImpactMeasurement.schema)
            .where("organization_id", .equal, SQLBind(organizationID)).where("parameter", .in, SQLBind.group(codes))
            .groupBy("parameter").all(decoding: Row.self)
        return Dictionary(rows.map { ($0.parameter, $0.n) }, uniquingKeysWith: +)
    }

    /// POST /orgs/:organizationID/scales — adds a scale, or removes one (`delete` = its id) with its values.
    @Sendable func change(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .measureImpact)
        let organizationID = try organization.requireID()
        let values = try req.formValues()
        let path = SiteRoute.Questionnaires.scales.path(organizationID)
        if let raw = values["delete"] {
            let scale = try await OwnScales.own(UUID(uuidString: raw), organizationID: organizationID, on: req.db)
            try await OwnScales.delete(scale, by: req.auditActor, on: req.db)
            return req.redirect(to: path, flash: FlashMessage(.success, "Шкала «\(scale.name)» удалена вместе с её значениями."))
        }
        do {
            let scale = try OwnScales.read(values, organizationID: organizationID)
            try await OwnScales.create(scale, by: req.auditActor, on: req.db)
            return req.redirect(to: path, flash: FlashMessage(.success, "Шкала «\(scale.name)» добавлена: её значения вводятся на странице измерений программы и из анкет."))
        } catch AppError.validation(let errors) {
            return try await page(req, organization, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        } catch let error as MonitoringError {
            return try await page(req, organization, form: FormState(values: values, errors: ["name": error.russianMessage]), status: .unprocessableEntity)
        }
    }
}
