import Fluent
import Vapor

/// Platform administration: regions, their municipalities and organizations, and coordinators.
struct TerritoryAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped("admin", "regions")
        admin.get(use: regions)
        admin.post(use: createRegion)
        admin.get(":regionID", use: region)
        admin.post(":regionID", "municipalities", use: createMunicipality)
        admin.post(":regionID", "organizations", use: createOrganization)
        admin.post(":regionID", "coordinators", use: inviteCoordinator)
    }

    struct RegionsPage: Encodable {
        struct Row: Encodable { let id: UUID; let name: String; let code: String; let municipalities: Int; let organizations: Int }
        let regions: [Row]
    }

    struct RegionPage: Encodable {
        struct MunicipalityRow: Encodable {
            let id: UUID
            let name: String
            let organizations: [OrganizationRow]
        }
        struct OrganizationRow: Encodable { let id: UUID; let name: String; let kind: String }
        struct Option: Encodable { let value: String; let title: String }
        let id: UUID
        let name: String
        let code: String
        let municipalities: [MunicipalityRow]
        let kinds: [Option]
        /// After a coordinator is invited: the link to hand over.
        let invitationLink: String?
        let invitedName: String?
    }

    /// GET /admin/regions
    @Sendable func regions(req: Request) async throws -> Response {
        _ = try req.requirePlatformAdmin()
        return try await regionsPage(req, form: FormState())
    }

    private func regionsPage(_ req: Request, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let regions = try await Region.query(on: req.db).sort(\.$name).all()
        var rows: [RegionsPage.Row] = []
        for region in regions {
            let id = try region.requireID()
            rows.append(.init(
                id: id, name: region.name, code: region.code,
                municipalities: try await Municipality.query(on: req.db).filter(\.$region.$id == id).count(),
                organizations: try await Organization.query(on: req.db).filter(\.$regionID == id).count()
            ))
        }
        return try await req.page("admin/regions", title: "Регионы и организации",
                                  breadcrumbs: [.init("Главная", "/"), .init("Регионы и организации")],
                                  form: form, status: status, content: RegionsPage(regions: rows))
    }

    struct RegionForm: Content { var name: String?; var code: String? }

    /// POST /admin/regions
    @Sendable func createRegion(req: Request) async throws -> Response {
        _ = try req.requirePlatformAdmin()
        let input = try req.content.decode(RegionForm.self)
        let name = input.name.trimmed, code = input.code.trimmed
        var errors: [String: String] = [:]
        if name.isEmpty { errors["name"] = "Укажите название региона." }
        if code.isEmpty || code.count > 10 { errors["code"] = "Укажите код региона (до 10 символов), например 25." }
        else if try await Region.query(on: req.db).filter(\.$code == code).count() > 0 { errors["code"] = "Регион с таким кодом уже есть." }
        if !errors.isEmpty {
            return try await regionsPage(req, form: FormState(values: ["name": name, "code": code], errors: errors), status: .unprocessableEntity)
        }
        let region = Region(name: name, code: code)
        try await req.db.transaction { tx in
            try await region.save(on: tx)
            try await req.auditActor.record(.regionCreated, objectType: "region", objectID: region.id, details: name, on: tx)
        }
        return req.redirect(to: "/admin/regions/\(region.id!)", flash: FlashMessage(.success, "Регион «\(name)» добавлен."))
    }

    /// GET /admin/regions/:regionID
    @Sendable func region(req: Request) async throws -> Response {
        _ = try req.requirePlatformAdmin()
        return try await regionPage(req, region: try await findRegion(req), form: FormState())
    }

    private func findRegion(_ req: Request) async throws -> Region {
        guard let id = req.parameters.get("regionID", as: UUID.self), let region = try await Region.find(id, on: req.db) else {
            throw AppError.notFound
        }
        return region
    }

    private func regionPage(_ req: Request, region: Region, form: FormState, status: HTTPResponseStatus = .ok,
                            invitation: (link: String, name: String)? = nil) async throws -> Response {
        let regionID = try region.requireID()
        let municipalities = try await Municipality.query(on: req.db).filter(\.$region.$id == regionID).sort(\.$name).all()
        let organizations = try await Organization.query(on: req.db).filter(\.$regionID == regionID).sort(\.$name).all()
        let rows = try municipalities.map { municipality in
            RegionPage.MunicipalityRow(
                id: try municipality.requireID(), name: municipality.name,
                organizations: try organizations.filter { $0.$municipality.id == municipality.id }.map {
                    .init(id: try $0.requireID(), name: $0.name, kind: $0.kind.russianName)
                }
            )
        }
        return try await req.page(
            "admin/region", title: region.name,
            breadcrumbs: [.init("Регионы и организации", "/admin/regions"), .init(region.name)],
            form: form, status: status,
            content: RegionPage(
                id: regionID, name: region.name, code: region.code, municipalities: rows,
                kinds: OrganizationKind.allCases.map { .init(value: $0.rawValue, title: $0.russianName) },
                invitationLink: invitation?.link, invitedName: invitation?.name
            )
        )
    }

    struct MunicipalityForm: Content { var municipalityName: String? }

    /// POST /admin/regions/:regionID/municipalities
    @Sendable func createMunicipality(req: Request) async throws -> Response {
        _ = try req.requirePlatformAdmin()
        let region = try await findRegion(req)
        let name = try req.content.decode(MunicipalityForm.self).municipalityName.trimmed
        if name.isEmpty {
            return try await regionPage(req, region: region, form: FormState(errors: ["municipalityName": "Укажите название муниципального образования."]), status: .unprocessableEntity)
        }
        if try await Municipality.query(on: req.db).filter(\.$region.$id == region.requireID()).filter(\.$name == name).count() > 0 {
            return try await regionPage(req, region: region, form: FormState(values: ["municipalityName": name], errors: ["municipalityName": "Такое муниципальное образование уже есть."]), status: .unprocessableEntity)
        }
        let municipality = Municipality(regionID: try region.requireID(), name: name)
        try await req.db.transaction { tx in
            try await municipality.save(on: tx)
            try await req.auditActor.record(.municipalityCreated, objectType: "municipality", objectID: municipality.id, details: name, on: tx)
        }
        return req.redirect(to: "/admin/regions/\(region.id!)", flash: FlashMessage(.success, "Добавлено: «\(name)»."))
    }

    struct OrganizationForm: Content {
        var municipalityID: String?
        var organizationName: String?
        var shortName: String?
        var kind: String?
        var inn: String?
        var address: String?
    }

    /// POST /admin/regions/:regionID/organizations
    @Sendable func createOrganization(req: Request) async throws -> Response {
        _ = try req.requirePlatformAdmin()
        let region = try await findRegion(req)
        let input = try req.content.decode(OrganizationForm.self)
        let values = [
            "municipalityID": input.municipalityID.trimmed, "organizationName": input.organizationName.trimmed,
            "shortName": input.shortName.trimmed, "kind": input.kind.trimmed, "inn": input.inn.trimmed, "address": input.address.trimmed,
        ]
        var errors: [String: String] = [:]
        let municipality = try await UUID(uuidString: values["municipalityID"]!).asyncMap { try await Municipality.find($0, on: req.db) } ?? nil
        if municipality == nil || municipality?.$region.id != region.id { errors["municipalityID"] = "Выберите муниципальное образование." }
        if values["organizationName"]!.isEmpty { errors["organizationName"] = "Укажите полное название организации." }
        let kind = OrganizationKind(rawValue: values["kind"]!)
        if kind == nil { errors["kind"] = "Выберите тип организации." }
        let inn = values["inn"]!
        if !inn.isEmpty, inn.range(of: "^[0-9]{10}([0-9]{2})?$", options: .regularExpression) == nil {
            errors["inn"] = "ИНН — 10 или 12 цифр."
        }
        guard errors.isEmpty, let municipality, let kind else {
            return try await regionPage(req, region: region, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        }
        let name = values["organizationName"]!
        let short = values["shortName"]!.isEmpty ? name : values["shortName"]!
        let organization = Organization(
            municipalityID: try municipality.requireID(), regionID: try region.requireID(), name: name, shortName: short,
            kind: kind, inn: inn.isEmpty ? nil : inn, address: values["address"]!.isEmpty ? nil : values["address"]
        )
        try await req.db.transaction { tx in
            try await organization.save(on: tx)
            try await req.auditActor.record(.organizationCreated, organizationID: organization.id, objectType: "organization", objectID: organization.id,
                                            details: name, on: tx)
        }
        return req.redirect(to: "/orgs/\(organization.id!)/members", flash: FlashMessage(.success, "Организация \(short.quoted()) добавлена. Пригласите её администрацию."))
    }

    struct CoordinatorForm: Content {
        var lastName: String?
        var firstName: String?
        var middleName: String?
        var login: String?
        /// Empty for the whole region, or a municipality's id.
        var scope: String?
    }

    /// POST /admin/regions/:regionID/coordinators
    @Sendable func inviteCoordinator(req: Request) async throws -> Response {
        let principal = try req.requirePlatformAdmin()
        let region = try await findRegion(req)
        let input = try req.content.decode(CoordinatorForm.self)
        let invite = PersonInvite(lastName: input.lastName.trimmed, firstName: input.firstName.trimmed,
                                  middleName: input.middleName.trimmed.nilIfEmpty, login: input.login.trimmed.lowercased())
        var errors = invite.problems()
        var municipalityID: UUID?
        if let raw = input.scope.trimmed.nilIfEmpty {
            municipalityID = UUID(uuidString: raw)
            let municipality = try await municipalityID.asyncMap { try await Municipality.find($0, on: req.db) } ?? nil
            if municipality?.$region.id != region.id { errors["scope"] = "Выберите муниципальное образование этого региона." }
        }
        if !errors.isEmpty {
            let values = ["lastName": invite.lastName, "firstName": invite.firstName, "middleName": invite.middleName ?? "", "login": invite.login, "scope": input.scope.trimmed]
            return try await regionPage(req, region: region, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        }
        let (user, isNew) = try await invite.findOrCreateUser(on: req.db)
        let userID = try user.requireID()
        let values = ["lastName": invite.lastName, "firstName": invite.firstName, "middleName": invite.middleName ?? "", "login": invite.login, "scope": input.scope.trimmed]
        let roleHeld = FormState(values: values, errors: ["login": "\(user.fullName) уже координатор \(municipalityID == nil ? "региона" : "этого муниципального образования")."])
        var existing = RoleAssignment.query(on: req.db).filter(\.$user.$id == userID).filter(\.$role == .regionalCoordinator)
        if let municipalityID {
            existing = existing.filter(\.$municipality.$id == municipalityID)
        } else {
            existing = existing.filter(\.$region.$id == region.id)
        }
        if try await existing.count() > 0 {
            return try await regionPage(req, region: region, form: roleHeld, status: .unprocessableEntity)
        }
        let assignment = RoleAssignment(userID: userID, role: .regionalCoordinator,
                                        municipalityID: municipalityID, regionID: municipalityID == nil ? region.id : nil)
        do {
            try await req.db.transaction { tx in
                try await assignment.save(on: tx)
                try await req.auditActor.record(.roleGranted, objectType: "user", objectID: user.id, details: "Координатор: \(region.name)", on: tx)
            }
        } catch where RowLock.isUniqueViolation(error) {
            // The same appointment sent twice at once: the unique index of M019 kept one.
            return try await regionPage(req, region: region, form: roleHeld, status: .conflict)
        }
        if isNew || user.passwordHash == nil {
            let link = try await Invitations.issue(for: user, by: principal, organizationID: nil, on: req.db)
            return try await regionPage(req, region: region, form: FormState(), invitation: (link, user.fullName))
        }
        return req.redirect(to: "/admin/regions/\(region.id!)", flash: FlashMessage(.success, "\(user.fullName) \(user.gendered("назначен", "назначена")) координатором."))
    }
}

extension Optional where Wrapped == String {
    /// Form fields arrive with stray spaces, or not at all.
    var trimmed: String { (self ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
