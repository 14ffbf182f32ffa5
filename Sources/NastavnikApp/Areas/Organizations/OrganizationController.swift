import Fluent
import Vapor

/// An organization's own page: what it is, who the person is there, and how many take part.
struct OrganizationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Organizations.show, use: show)
    }

    struct OrganizationPage: Encodable {
        struct Count: Encodable { let role: String; let count: Int }
        let id: UUID
        let name: String
        let kind: String
        let municipality: String
        let region: String
        let inn: String?
        let address: String?
        let myRoles: String
        let counts: [Count]
        let canManageMembers: Bool
        let canReadAudit: Bool
        /// The curator's and the administration's list of practice cases.
        let canPrepareCases: Bool
        /// Empty when the person may not see programs.
        let programs: [ProgramSummary]
        let canViewPrograms: Bool
        let canManagePrograms: Bool
    }

    /// GET /orgs/:organizationID
    @Sendable func show(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .viewOrganization)
        let principal = try req.requirePrincipal()
        let scope = try OrganizationScope(organization)
        let municipality = try await organization.$municipality.get(on: req.db)
        let region = try await Region.find(organization.regionID, on: req.db)
        let myRoles = principal.roles(in: scope)
        var counts: [OrganizationPage.Count] = []
        if AccessPolicy.decide(principal, .viewIndicators, in: scope) == .allowed {
            for role in Role.allCases where role.isOrganizationRole {
                let n = try await RoleAssignment.query(on: req.db)
                    .filter(\.$organization.$id == organization.requireID()).filter(\.$role == role).count()
                counts.append(.init(role: role.russianName, count: n))
            }
        }
        let canViewPrograms = AccessPolicy.decide(principal, .viewPrograms, in: scope) == .allowed
        let programs = canViewPrograms
            ? try await ProgramSummary.list(organizationID: organization.requireID(), kind: organization.kind, evidence: req.application.checklistEvidence, today: .today(), on: req.db)
            : []
        return try await req.page(
            "organizations/show", title: organization.shortName,
            breadcrumbs: [.init("Главная", "/"), .init(organization.shortName)], organization: organization,
            content: OrganizationPage(
                id: try organization.requireID(), name: organization.name, kind: organization.kind.russianName,
                municipality: municipality.name, region: region?.name ?? "—", inn: organization.inn, address: organization.address,
                myRoles: ((principal.isPlatformAdmin ? ["Администратор платформы"] : []) + Role.allCases.filter(myRoles.contains).map(\.russianName)).joined(separator: ", "),
                counts: counts,
                canManageMembers: AccessPolicy.decide(principal, .manageMembers, in: scope) == .allowed,
                canReadAudit: AccessPolicy.decide(principal, .readAuditLog, in: scope) == .allowed,
                canPrepareCases: AccessPolicy.decide(principal, .formPairs, in: scope) == .allowed,
                programs: programs, canViewPrograms: canViewPrograms,
                canManagePrograms: AccessPolicy.decide(principal, .managePrograms, in: scope) == .allowed
            )
        )
    }
}
