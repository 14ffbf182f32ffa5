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

    enum Whom: String, CaseIterable {
        case mentees, mentors, both

        var russianName: String {
            switch self {
            case .mentees: "Наставляемым"
            case .mentors: "Наставникам"
            case .both: "Наставляемым и наставникам"
            }
        }
    }

    /// GET /orgs/:organizationID/scales
    @Sendable func index(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .measureImpact)
        return try await page(req, organization, form: FormState(values: ["minimum": "1", "maximum": "10", "direction": "higher", "whom": "mentees"]))
    }

    private func page(_ req: Request, _ organization: Organization, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let organizationID = try organization.requireID()
        let scales = try await OwnScale.query(on: req.db).filter(\.$organizationID == organizationID).sort(\.$createdAt).sort(\.$name).all()
        var rows: [Page.Row] = []
        for scale in scales {
            let measured = MeasureScale(scale)
            let values = try await ImpactMeasurement.query(on: req.db).filter(\.$organizationID == organizationID)
                .filter(\.$parameter == measured.code).count()
            let whom: Whom = scale.forMentees && scale.forMentors ? .both : scale.forMentees ? .mentees : .mentors
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
                audiences: Whom.allCases.map { SelectOption($0.rawValue, $0.russianName, selected: form.values["whom"] == $0.rawValue) }))
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

/// Reading, adding and removing own scales; the page and tests share it.
enum OwnScales {
    static func read(_ values: [String: String], organizationID: UUID) throws -> OwnScale {
        var errors: [String: String] = [:]
        let name = (values["name"] ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if name.isEmpty { errors["name"] = "Назовите шкалу, например «Баллы демонстрационного экзамена»." }
        if name.count > 120 { errors["name"] = "Не больше 120 знаков." }
        let unit = FieldParsing.trimmedOrNil(values["unit"])
        if (unit?.count ?? 0) > 40 { errors["unit"] = "Не больше 40 знаков." }
        func number(_ key: String) -> Double? {
            Double((values[key] ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "."))
        }
        let minimum = number("minimum"), maximum = number("maximum")
        if minimum == nil { errors["minimum"] = "Введите наименьшее значение числом." }
        if maximum == nil { errors["maximum"] = "Введите наибольшее значение числом." }
        if let minimum, let maximum, minimum >= maximum { errors["maximum"] = "Наибольшее значение должно быть больше наименьшего." }
        let whom = OwnScalesController.Whom(rawValue: values["whom"] ?? "")
        if whom == nil { errors["whom"] = "Укажите, кого измеряет шкала." }
        guard errors.isEmpty, let minimum, let maximum, let whom else { throw AppError.validation(errors) }
        return OwnScale(organizationID: organizationID, name: name, unit: unit, minimum: minimum, maximum: maximum,
                        higherIsBetter: values["direction"] != "lower", forMentees: whom != .mentors, forMentors: whom != .mentees)
    }

    /// Adds the scale; a second one of the same name (also typed at the same moment) is refused by the unique index.
    static func create(_ scale: OwnScale, by actor: AuditActor, on db: any Database) async throws {
        do {
            try await db.transaction { db in
                try await scale.create(on: db)
                try await actor.record(.ownScaleChanged, organizationID: scale.organizationID, objectType: "ownScale", objectID: scale.id,
                                       details: "добавлена: \(scale.name)", on: db)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw MonitoringError.scaleExists(scale.name)
        }
    }

    /// The organization's own scale by its id; another organization's, or none, is 404.
    static func own(_ id: UUID?, organizationID: UUID, on db: any Database) async throws -> OwnScale {
        guard let id, let scale = try await OwnScale.query(on: db).filter(\.$id == id).filter(\.$organizationID == organizationID).first() else {
            throw AppError.notFound
        }
        return scale
    }

    /// Removes the scale and every value measured on it. The row is claimed by its deletion, so of
    /// two removals sent at once one does it and writes the journal, the other finds nothing (404).
    static func delete(_ scale: OwnScale, by actor: AuditActor, on db: any Database) async throws {
        let code = MeasureScale(scale).code
        try await db.transaction { db in
            guard let sql = db as? any SQLDatabase else { return }
            let deleted = try await sql.raw("DELETE FROM \(ident: OwnScale.schema) WHERE id = \(bind: try scale.requireID()) RETURNING id").all()
            guard !deleted.isEmpty else { throw AppError.notFound }
            try await ImpactMeasurement.query(on: db).filter(\.$organizationID == scale.organizationID).filter(\.$parameter == code).delete()
            try await actor.record(.ownScaleChanged, organizationID: scale.organizationID, objectType: "ownScale", objectID: scale.id,
                                   details: "удалена: \(scale.name)", on: db)
        }
    }
}
