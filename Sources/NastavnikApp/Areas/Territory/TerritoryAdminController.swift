import Fluent
import Vapor

/// Platform administration: regions, their municipalities and organizations, and coordinators.
struct TerritoryAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Administration.regions, use: regions)
        routes.on(SiteRoute.Administration.createRegion, use: createRegion)
        routes.on(SiteRoute.Administration.region, use: region)
        routes.on(SiteRoute.Administration.createMunicipality, use: createMunicipality)
        routes.on(SiteRoute.Administration.createOrganization, use: createOrganization)
        routes.on(SiteRoute.Administration.inviteCoordinator, use: inviteCoordinator)
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
        do {
            let region = try await TerritoryService.createRegion(name: input.name.trimmed, code: input.code.trimmed, by: req.auditActor, on: req.db)
            return req.redirect(to: SiteRoute.Administration.region.path(region.id!), flash: FlashMessage(.success, "Регион «\(region.name)» добавлен."))
        } catch AppError.validation(let errors) {
            return try await regionsPage(req, form: FormState(values: ["name": input.name.trimmed, "code": input.code.trimmed], errors: errors),
                                         status: .unprocessableEntity)
        }
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
            breadcrumbs: [.init("Регионы и организации", SiteRoute.Administration.regions.path()), .init(region.name)],
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
        do {
            _ = try await TerritoryService.createMunicipality(name: name, in: region, by: req.auditActor, on: req.db)
            return req.redirect(to: SiteRoute.Administration.region.path(region.id!), flash: FlashMessage(.success, "Добавлено: «\(name)»."))
        } catch AppError.validation(let errors) {
            return try await regionPage(req, region: region, form: FormState(values: ["municipalityName": name], errors: errors), status: .unprocessableEntity)
        }
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
        do {
            let organization = try await TerritoryService.createOrganization(
                .init(municipalityID: values["municipalityID"]!, name: values["organizationName"]!, shortName: values["shortName"]!,
                      kind: values["kind"]!, inn: values["inn"]!, address: values["address"]!),
                in: region, by: req.auditActor, on: req.db)
            return req.redirect(to: SiteRoute.People.members.path(organization.id!),
                                flash: FlashMessage(.success, "Организация \(organization.shortName.quoted()) добавлена. Пригласите её администрацию."))
        } catch AppError.validation(let errors) {
            return try await regionPage(req, region: region, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        }
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
        _ = try req.requirePlatformAdmin()
        let region = try await findRegion(req)
        let input = try req.content.decode(CoordinatorForm.self)
        let invite = PersonInvite(lastName: input.lastName.trimmed, firstName: input.firstName.trimmed,
                                  middleName: input.middleName.trimmed.nilIfEmpty, login: input.login.trimmed.lowercased())
        let values = ["lastName": invite.lastName, "firstName": invite.firstName, "middleName": invite.middleName ?? "", "login": invite.login,
                      "scope": input.scope.trimmed]
        do {
            let (user, invitation) = try await TerritoryService.appointCoordinator(invite, municipalityID: input.scope.trimmed, in: region,
                                                                                  by: req.auditActor, on: req.db)
            if let invitation {
                return try await regionPage(req, region: region, form: FormState(), invitation: (invitation, user.fullName))
            }
            return req.redirect(to: SiteRoute.Administration.region.path(region.id!), flash: FlashMessage(.success, "\(user.fullName) \(user.gendered("назначен", "назначена")) координатором."))
        } catch AppError.validation(let errors) {
            return try await regionPage(req, region: region, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        } catch let error as MembershipError {
            return try await regionPage(req, region: region, form: FormState(values: values, errors: [error.field: error.russianMessage]), status: error.status)
        }
    }
}

extension Optional where Wrapped == String {
    /// Form fields arrive with stray spaces, or not at all.
    var trimmed: String { (self ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
