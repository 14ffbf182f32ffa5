import Fluent
import Foundation

/// Where a coordinator works: regions coordinated as a whole and single municipalities. A
/// coordinator's grant names one or the other (M019); a municipality grant never reaches the
/// rest of its region.
public struct CoordinatedTerritory: Sendable, Equatable {
    /// Regions coordinated as a whole, in the order granted.
    public let regionIDs: [UUID]
    /// Municipalities coordinated one by one, in the order granted.
    public let municipalityIDs: [UUID]

    public var isEmpty: Bool { regionIDs.isEmpty && municipalityIDs.isEmpty }

    /// Whether the organization lies in the territory: its municipality, or its whole region.
    public func covers(_ organization: OrganizationScope) -> Bool {
        covers(municipalityID: organization.municipalityID, regionID: organization.regionID)
    }

    public func covers(municipalityID: UUID, regionID: UUID) -> Bool {
        municipalityIDs.contains(municipalityID) || regionIDs.contains(regionID)
    }

    /// Whether the whole region is coordinated (a region's target, its contest), not only a
    /// municipality of it.
    public func coversWholeRegion(_ regionID: UUID) -> Bool { regionIDs.contains(regionID) }

    /// The organizations of the territory, as conditions added to `group` (an `.or` group of a
    /// query over organizations); the builder is changed in place, so its result may go unused.
    @discardableResult
    func organizations(_ group: QueryBuilder<Organization>) -> QueryBuilder<Organization> {
        group.filter(\.$regionID ~~ regionIDs).filter(\.$municipality.$id ~~ municipalityIDs)
    }
}

extension AccessPolicy {
    /// Who coordinates what: the one answer every area asks (authorization in an organization,
    /// the territory and its indicators, the home page's tasks, the contest, the API's list of
    /// organizations).
    public static func coordinatedTerritory(of principal: Principal) -> CoordinatedTerritory {
        var regions: [UUID] = [], municipalities: [UUID] = []
        for grant in principal.grants where grant.role == .regionalCoordinator {
            if let municipalityID = grant.municipalityID {
                if !municipalities.contains(municipalityID) { municipalities.append(municipalityID) }
            } else if let regionID = grant.regionID, !regions.contains(regionID) {
                regions.append(regionID)
            }
        }
        return CoordinatedTerritory(regionIDs: regions, municipalityIDs: municipalities)
    }

    // MARK: - The contest «Быть учителем!» (regional, not of one organization)

    /// Regions where the person runs the contest: a coordinator of the whole region (a
    /// municipality's coordinator takes part through the region's).
    public static func contestRegions(of principal: Principal) -> [UUID] {
        coordinatedTerritory(of: principal).regionIDs
    }

    /// Whether the person runs this region's contest: its regional coordinator or the platform's administrator.
    public static func managesContest(_ principal: Principal, regionID: UUID) -> Bool {
        principal.isPlatformAdmin || coordinatedTerritory(of: principal).coversWholeRegion(regionID)
    }

    /// Whether «Конкурсы» leads anywhere for the person: a coordinator, someone who may put their
    /// organization's mentors forward (`applyToContests`), or a juror of any role.
    public static func takesPartInContests(_ principal: Principal, isJuror: Bool) -> Bool {
        isJuror || principal.holds(.regionalCoordinator) || !Set(principal.grants.filter { $0.organizationID != nil }.map(\.role))
            .isDisjoint(with: roles(for: .applyToContests))
    }
}
