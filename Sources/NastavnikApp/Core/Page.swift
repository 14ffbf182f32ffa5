import Fluent
import Vapor

/// A link in the breadcrumb trail; the last one has no `href`.
public struct Breadcrumb: Encodable, Sendable {
    public let title: String
    public let href: String?

    public init(_ title: String, _ href: String? = nil) {
        self.title = title
        self.href = href
    }
}

/// An entry of the main navigation.
struct NavItem: Encodable, Sendable {
    let title: String
    let href: String
    let isCurrent: Bool
}

/// What a form shows again after a failed submit: the typed values and an error per field.
public struct FormState: Encodable, Sendable {
    public var values: [String: String]
    public var errors: [String: String]

    public init(values: [String: String] = [:], errors: [String: String] = [:]) {
        self.values = values
        self.errors = errors
    }

    public var isValid: Bool { errors.isEmpty }
}

/// The context every page renders with: the layout's parts plus the page's own content.
struct PageContext<Content: Encodable>: Encodable {
    let title: String
    let breadcrumbs: [Breadcrumb]
    let person: PersonBadge?
    let organization: OrganizationBadge?
    let nav: [NavItem]
    let flash: FlashMessage?
    let csrfToken: String
    let form: FormState
    /// The page's description for search engines and link previews (public pages).
    let description: String
    let content: Content
}

struct PersonBadge: Encodable, Sendable {
    let name: String
    let roles: String
    let isPlatformAdmin: Bool
    /// The badge beside the name in the header (issue 19).
    var unreadNotifications = 0
}

struct OrganizationBadge: Encodable, Sendable {
    let id: UUID
    let name: String
}

struct NoContent: Encodable, Sendable {}

extension Request {
    /// Renders a page inside the base layout. `organization` names the organization the page
    /// belongs to, for the header and the navigation.
    func page<Content: Encodable>(
        _ template: String, title: String, breadcrumbs: [Breadcrumb] = [], organization: Organization? = nil,
        form: FormState = FormState(), status: HTTPResponseStatus = .ok, description: String = "", content: Content
    ) async throws -> Response {
        let badge: OrganizationBadge? = try organization.map { OrganizationBadge(id: try $0.requireID(), name: $0.shortName) }
        // «Мои анкеты» appears for everyone who was ever sent a questionnaire.
        var hasQuestionnaires = false
        var isJuror = false
        if let principal {
            // Error pages render through here too, so a failing database must not fail the page.
            hasQuestionnaires = ((try? await QuestionnaireAssignment.query(on: db).filter(\.$user.$id == principal.userID).first()) ?? nil) != nil
            // A juror of any role scores on the contest's page, reached from «Конкурсы».
            // Asked only when no role already gives the entry: this runs on every page.
            if !AccessPolicy.takesPartInContests(principal, isJuror: false) {
                isJuror = ((try? await ContestJuror.query(on: db).filter(\.$user.$id == principal.userID).first()) ?? nil) != nil
            }
        }
        var person = principal.map(Self.badge)
        if let principal {
            person?.unreadNotifications = (try? await NotificationList.unreadCount(of: principal.userID, on: db)) ?? 0
        }
        let context = PageContext(
            title: title, breadcrumbs: breadcrumbs, person: person,
            organization: badge, nav: navigation(organization: try organization.map(OrganizationScope.init), hasQuestionnaires: hasQuestionnaires, isJuror: isJuror), flash: Flash.take(from: self),
            csrfToken: csrfToken, form: form, description: description, content: content
        )
        let view = try await self.view.render(template, context)
        let response = try await view.encodeResponse(status: status, for: self)
        if cookies[Flash.cookieName] != nil { response.cookies[Flash.cookieName] = .expired }
        return response
    }

    private static func badge(_ principal: Principal) -> PersonBadge {
        let roles = Set(principal.grants.map(\.role))
        let names = Role.allCases.filter(roles.contains).map(\.russianName)
        return PersonBadge(
            name: principal.shortName,
            roles: ((principal.isPlatformAdmin ? ["Администратор платформы"] : []) + names).joined(separator: ", "),
            isPlatformAdmin: principal.isPlatformAdmin
        )
    }

    /// The main navigation (`Navigation`), with the entry of the current page marked.
    private func navigation(organization: OrganizationScope?, hasQuestionnaires: Bool, isJuror: Bool) -> [NavItem] {
        guard let principal else { return [] }
        let path = url.path
        return Navigation.items(for: principal, organization: organization, hasQuestionnaires: hasQuestionnaires, isJuror: isJuror).map { title, href in
            NavItem(title: title, href: href, isCurrent: href == "/" ? path == "/" : path.hasPrefix(href))
        }
    }
}

/// An option of a `<select>` or a checkbox list.
struct SelectOption: Encodable, Sendable {
    let value: String
    let title: String
    let selected: Bool

    init(_ value: String, _ title: String, selected: Bool = false) {
        self.value = value
        self.title = title
        self.selected = selected
    }

    /// Options for every case of a vocabulary, with the current one selected.
    static func all<T: RawRepresentable & CaseIterable>(_ type: T.Type, selected: Set<String>, title: (T) -> String) -> [SelectOption] where T.RawValue == String {
        T.allCases.map { SelectOption($0.rawValue, title($0), selected: selected.contains($0.rawValue)) }
    }
}
