import Foundation

/// The main navigation. An organization's sections appear by the permission that opens each, read
/// from `AccessPolicy` as the routes read it, so a link is never shown to someone its page refuses
/// nor hidden from someone it lets in; the person's own areas follow their roles. What is used now
/// and then (people and roles, the audit log, the organization's public pages) is reached from
/// the organization's page, and the profile from the person's name.
enum Navigation {
    struct Section: Sendable {
        let title: String
        /// The section's page in an organization, from the route table.
        let route: PageRoute<UUID>
        let permission: Permission

        /// The link in the organization.
        func href(in organizationID: UUID) -> String { route.path(organizationID) }

        /// The part of the link after `/orgs/<id>` ("" for the organization's own page).
        var path: String { String(route.pattern.dropFirst(SiteRoute.Organizations.show.pattern.count)) }
    }

    /// An organization's sections; each area registers its entry here with its permission.
    static let organizationSections: [Section] = [
        Section(title: "Организация", route: SiteRoute.Organizations.show, permission: .viewOrganization),
        Section(title: "Программы", route: SiteRoute.Programs.index, permission: .viewPrograms),
        Section(title: "Наставляемые", route: SiteRoute.Bases.mentees.index, permission: .manageBases),
        Section(title: "Наставники", route: SiteRoute.Bases.mentors.index, permission: .manageBases),
        Section(title: "Показатели", route: SiteRoute.Monitoring.organization, permission: .viewIndicators),
        Section(title: "Анкеты", route: SiteRoute.Questionnaires.index, permission: .manageQuestionnaires),
    ]

    /// The entries for a person. `organization` is the organization the page belongs to; outside
    /// one, a person of one organization sees its sections, a person of several chooses on the
    /// home page instead of being sent to whichever was granted first.
    static func items(for principal: Principal, organization: OrganizationScope?, hasQuestionnaires: Bool, isJuror: Bool) -> [(title: String, href: String)] {
        var items: [(title: String, href: String)] = [("Главная", SiteRoute.Home.index.path())]
        let organizationIDs = principal.organizationIDs
        if organization == nil, organizationIDs.count > 1 { items.append(("Организации", SiteRoute.Home.index.path() + "#organizations")) }
        // The roles held where the sections lead: in the page's organization (a coordinator's
        // included), or in the person's only organization.
        let place: (id: UUID, roles: Set<Role>)? = organization.map { ($0.id, principal.roles(in: $0)) }
            ?? (organizationIDs.count == 1 ? organizationIDs.first.map { id in (id, Set(principal.grants.filter { $0.organizationID == id }.map(\.role))) } : nil)
        if let place {
            for section in organizationSections where AccessPolicy.decide(principal, section.permission, holding: place.roles) == .allowed {
                items.append((section.title, section.href(in: place.id)))
            }
        }
        if principal.holds(.mentor) || principal.holds(.mentee) {
            items.append(("Моё участие", SiteRoute.People.participation.path()))
            items.append(("Мои пары", SiteRoute.MyPairs.index.path()))
        }
        if principal.holds(.guardian) { items.append(("Мои дети", SiteRoute.MyChildren.index.path())) }
        if hasQuestionnaires { items.append(("Мои анкеты", SiteRoute.Questionnaires.mine.path())) }
        if !AccessPolicy.coordinatedTerritory(of: principal).isEmpty {
            items.append(("Территория", SiteRoute.Home.territory.path()))
            items.append(("Показатели территории", SiteRoute.Monitoring.territory.path()))
        }
        if AccessPolicy.takesPartInContests(principal, isJuror: isJuror) { items.append(("Конкурсы", SiteRoute.Contests.index.path())) }
        if principal.isPlatformAdmin { items.append(("Регионы и организации", SiteRoute.Administration.regions.path())) }
        return items
    }
}
