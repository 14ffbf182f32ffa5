import Foundation

/// The main navigation. An organization's sections appear by the permission that opens each, read
/// from `AccessPolicy` as the routes read it, so a link is never shown to someone its page refuses
/// nor hidden from someone it lets in; the person's own areas follow their roles. What is used now
/// and then (people and roles, the audit log, the organization's public pages) is reached from
/// the organization's page, and the profile from the person's name.
enum Navigation {
    struct Section: Sendable {
        let title: String
        /// After `/orgs/:organizationID`.
        let path: String
        let permission: Permission
    }

    /// An organization's sections; each area registers its entry here with its permission.
    static let organizationSections: [Section] = [
        Section(title: "Организация", path: "", permission: .viewOrganization),
        Section(title: "Программы", path: "/programs", permission: .viewPrograms),
        Section(title: "Наставляемые", path: "/mentees", permission: .manageBases),
        Section(title: "Наставники", path: "/mentors", permission: .manageBases),
        Section(title: "Показатели", path: "/indicators", permission: .viewIndicators),
        Section(title: "Анкеты", path: "/questionnaires", permission: .manageQuestionnaires),
    ]

    /// The entries for a person. `organization` is the organization the page belongs to; outside
    /// one, a person of one organization sees its sections, a person of several chooses on the
    /// home page instead of being sent to whichever was granted first.
    static func items(for principal: Principal, organization: OrganizationScope?, hasQuestionnaires: Bool, isJuror: Bool) -> [(title: String, href: String)] {
        var items: [(title: String, href: String)] = [("Главная", "/")]
        let organizationIDs = principal.organizationIDs
        if organization == nil, organizationIDs.count > 1 { items.append(("Организации", "/#organizations")) }
        // The roles held where the sections lead: in the page's organization (a coordinator's
        // included), or in the person's only organization.
        let place: (id: UUID, roles: Set<Role>)? = organization.map { ($0.id, principal.roles(in: $0)) }
            ?? (organizationIDs.count == 1 ? organizationIDs.first.map { id in (id, Set(principal.grants.filter { $0.organizationID == id }.map(\.role))) } : nil)
        if let place {
            for section in organizationSections where AccessPolicy.decide(principal, section.permission, holding: place.roles) == .allowed {
                items.append((section.title, "/orgs/\(place.id)" + section.path))
            }
        }
        if principal.holds(.mentor) || principal.holds(.mentee) {
            items.append(("Моё участие", "/me/participation"))
            items.append(("Мои пары", "/me/pairs"))
        }
        if principal.holds(.guardian) { items.append(("Мои дети", "/me/children")) }
        if hasQuestionnaires { items.append(("Мои анкеты", "/my/questionnaires")) }
        if !AccessPolicy.coordinatedTerritory(of: principal).isEmpty {
            items.append(("Территория", "/territory"))
            items.append(("Показатели территории", "/indicators"))
        }
        if AccessPolicy.takesPartInContests(principal, isJuror: isJuror) { items.append(("Конкурсы", "/contests")) }
        if principal.isPlatformAdmin { items.append(("Регионы и организации", "/admin/regions")) }
        return items
    }
}
