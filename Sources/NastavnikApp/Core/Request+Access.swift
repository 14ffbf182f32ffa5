import Fluent
import Vapor

private struct PrincipalKey: StorageKey { typealias Value = Principal }

extension Request {
    /// The signed-in person, or `nil` for a visitor.
    public var principal: Principal? {
        get { storage[PrincipalKey.self] }
        set { storage[PrincipalKey.self] = newValue }
    }

    /// The signed-in person; a visitor gets 401 (a page redirects to the login form).
    public func requirePrincipal() throws -> Principal {
        guard let principal else { throw AppError.notSignedIn }
        return principal
    }

    /// Loads an organization by the id in the URL and checks the permission there. The single
    /// gate for organization-scoped routes: a foreign organization answers 404, a missing role 403.
    public func authorizedOrganization(_ parameter: String = "organizationID", for permission: Permission) async throws -> Organization {
        let principal = try requirePrincipal()
        guard let id = parameters.get(parameter, as: UUID.self),
              let organization = try await Organization.find(id, on: db) else {
            throw AppError.notFound
        }
        try require(permission, in: organization, principal: principal)
        return organization
    }

    /// Checks a permission in an organization already loaded.
    public func require(_ permission: Permission, in organization: Organization, principal: Principal? = nil) throws {
        let principal = try principal ?? requirePrincipal()
        switch AccessPolicy.decide(principal, permission, in: try OrganizationScope(organization)) {
        case .allowed: return
        case .forbidden: throw AppError.forbidden
        case .notFound: throw AppError.notFound
        }
    }

    /// Platform administration: regions, municipalities, organizations.
    public func requirePlatformAdmin() throws -> Principal {
        let principal = try requirePrincipal()
        guard principal.isPlatformAdmin else { throw AppError.forbidden }
        return principal
    }
}

enum PrincipalLoader {
    /// Builds the principal for a user with all their grants in one query.
    static func load(_ user: User, on db: any Database) async throws -> Principal {
        let assignments = try await RoleAssignment.query(on: db)
            .filter(\.$user.$id == user.requireID())
            .all()
        return Principal(
            userID: try user.requireID(),
            fullName: user.fullName,
            shortName: user.shortName,
            isPlatformAdmin: user.isPlatformAdmin,
            mustChangePassword: user.mustChangePassword,
            grants: assignments.map {
                .init(role: $0.role, organizationID: $0.$organization.id, municipalityID: $0.$municipality.id, regionID: $0.$region.id)
            }
        )
    }
}
