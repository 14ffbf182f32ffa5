import Foundation

/// The site's browser routes, by area (`SiteRoute+Pairing.swift`…), as SwiftPackageIndex's
/// `SiteURL`: each entry registers its route and builds its links, in Swift
/// (`SiteRoute.Pairs.index.path(organizationID, programID)`) and in templates
/// (`#path("pairs.index", content.organizationID, content.programID)`).
///
/// `SiteRouteTests` holds the table to the app: every browser route is registered from it (but those
/// of the areas still listed there as not converted), every `#path` in a template names an entry
/// with its number of values, and no template or page builds a link of a converted area by hand.
enum SiteRoute {
    /// Every entry, for the `#path` tag and the tests. A new area's list joins here.
    static let all: [any AnyPageRoute] = Organizations.all + Programs.all + PartnerPrograms.all + Pairs.all + MyPairs.all
        + PairSpace.all + ProgramWork.all + Bases.all + Participants.all + MyChildren.all
        + Cases.all + Public.all + Contests.all
        + Selection.all + Training.all + Monitoring.all + Home.all
        + Accounts.all + Questionnaires.all + People.all + Administration.all + Notifications.all

    private static let byName: [String: any AnyPageRoute] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

    /// The entry a template names, nil for an unknown name.
    static func named(_ name: String) -> (any AnyPageRoute)? { byName[name] }
}
