import Foundation

/// The breadcrumbs of the pages that hang below a program (pairs, Pair Work, Mentor Match,
/// monitoring, surveys); the links come from `SiteRoute`.
enum PairingPaths {
    /// Organization › Программы › the program › `extra` › `last`.
    static func breadcrumbs(_ organization: Organization, _ program: Program, _ last: String, extra: [Breadcrumb] = []) -> [Breadcrumb] {
        let organizationID = organization.id!, programID = program.id!
        return [.init(organization.shortName, SiteRoute.Organizations.show.path(organizationID)),
                .init("Программы", SiteRoute.Programs.index.path(organizationID)),
                .init(program.name, SiteRoute.Programs.show.path(organizationID, programID))] + extra + [.init(last)]
    }

    /// The same, for a page below «Пары и группы».
    static func belowPairs(_ organization: Organization, _ program: Program, _ last: String) -> [Breadcrumb] {
        breadcrumbs(organization, program, last, extra: [.init("Пары и группы", SiteRoute.Pairs.index.path(organization.id!, program.id!))])
    }
}
