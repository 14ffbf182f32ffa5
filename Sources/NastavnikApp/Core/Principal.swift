import Foundation

/// Who is acting: the signed-in person with every role they hold and where they hold it.
/// Loaded once per request by the authenticators; every authorization decision reads it.
public struct Principal: Sendable {
    public struct Grant: Sendable, Equatable {
        public let role: Role
        public let organizationID: UUID?
        public let municipalityID: UUID?
        public let regionID: UUID?
    }

    public let userID: UUID
    public let fullName: String
    public let shortName: String
    public let isPlatformAdmin: Bool
    public let mustChangePassword: Bool
    public let grants: [Grant]

    /// The roles this person has in an organization, including a coordinator's over its
    /// municipality or region.
    public func roles(in organization: OrganizationScope) -> Set<Role> {
        var roles = Set(grants.filter { $0.organizationID == organization.id }.map(\.role))
        if AccessPolicy.coordinatedTerritory(of: self).covers(organization) { roles.insert(.regionalCoordinator) }
        return roles
    }

    /// Organizations where the person holds an organization role, in the order granted.
    public var organizationIDs: [UUID] {
        var seen = Set<UUID>()
        return grants.compactMap(\.organizationID).filter { seen.insert($0).inserted }
    }

    public func holds(_ role: Role) -> Bool { grants.contains { $0.role == role } }
}

/// The three facts about an organization that authorization needs.
public struct OrganizationScope: Sendable, Equatable {
    public let id: UUID
    public let municipalityID: UUID
    public let regionID: UUID

    public init(id: UUID, municipalityID: UUID, regionID: UUID) {
        self.id = id
        self.municipalityID = municipalityID
        self.regionID = regionID
    }

    init(_ organization: Organization) throws {
        self.init(id: try organization.requireID(), municipalityID: organization.$municipality.id, regionID: organization.regionID)
    }
}
