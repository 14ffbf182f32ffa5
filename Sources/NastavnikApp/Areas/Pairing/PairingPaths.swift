import Foundation

/// The addresses of a program's pairs pages and the breadcrumbs that lead to them: one place for
/// the Pairing area's controllers and for the areas whose pages hang below a program (Pair Work,
/// Mentor Match, monitoring, surveys).
enum PairingPaths {
    /// `/orgs/:organizationID/programs/:programID/pairs` followed by `tail` («/proposal», «#unmatched»…).
    static func pairs(_ organization: Organization, _ program: Program, _ tail: String = "") -> String {
        "/orgs/\(organization.id!)/programs/\(program.id!)/pairs" + tail
    }

    /// The Mentor Match session's page (or `tail` below it).
    static func mentorMatch(_ organization: Organization, _ program: Program, session: UUID, _ tail: String = "") -> String {
        pairs(organization, program, "/mentor-match/\(session)" + tail)
    }

    /// Organization › Программы › the program › `extra` › `last`.
    static func breadcrumbs(_ organization: Organization, _ program: Program, _ last: String, extra: [Breadcrumb] = []) -> [Breadcrumb] {
        let organizationID = organization.id!, programID = program.id!
        return [.init(organization.shortName, "/orgs/\(organizationID)"), .init("Программы", "/orgs/\(organizationID)/programs"),
                .init(program.name, "/orgs/\(organizationID)/programs/\(programID)")] + extra + [.init(last)]
    }

    /// The same, for a page below «Пары и группы».
    static func belowPairs(_ organization: Organization, _ program: Program, _ last: String) -> [Breadcrumb] {
        breadcrumbs(organization, program, last, extra: [.init("Пары и группы", pairs(organization, program))])
    }
}
