import Fluent
import Vapor

/// The people of an organization and their roles: list, invite, revoke, re-issue a link.
struct MembersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.People.members, use: index)
        routes.on(SiteRoute.People.invite, use: invite)
        routes.on(SiteRoute.People.revoke, use: revoke)
        routes.on(SiteRoute.People.reissue, use: reissue)
    }

    struct MembersPage: Encodable {
        struct Row: Encodable {
            let assignmentID: UUID
            let userID: UUID
            let fullName: String
            let login: String
            let role: String
            let position: String?
            let activated: Bool
        }
        struct Option: Encodable { let value: String; let title: String; let selected: Bool }
        let organizationID: UUID
        let rows: [Row]
        let roleFilter: [Option]
        let query: String
        let pagination: Pagination
        let roles: [Option]
        let invitationLink: String?
        let invitedName: String?
        /// Roles offered to existing accounts and not answered yet (`RoleOffers`): the login and the role only.
        var offers: [RoleOffers.Waiting] = []
    }

    /// GET /orgs/:organizationID/members?role=&q=&page=
    @Sendable func index(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageMembers)
        return try await page(req, organization: organization, form: FormState())
    }

    private func page(_ req: Request, organization: Organization, form: FormState, status: HTTPResponseStatus = .ok,
                      invitation: (link: String, name: String)? = nil) async throws -> Response {
        let organizationID = try organization.requireID()
        let roleFilter = req.query[String.self, at: "role"].flatMap(Role.init(rawValue:))
        let search = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces)
        func query() -> QueryBuilder<RoleAssignment> {
            var q = RoleAssignment.query(on: req.db)
                .join(User.self, on: \RoleAssignment.$user.$id == \User.$id)
                .filter(\.$organization.$id == organizationID)
            if let roleFilter { q = q.filter(\.$role == roleFilter) }
            if !search.isEmpty {
                q = q.filter(User.self, \.$searchKey, .custom("LIKE"), "%\(search.lowercased())%")
            }
            return q
        }
        let total = try await query().count()
        let pagination = Pagination(request: req, total: total, baseQuery: ["role": roleFilter?.rawValue ?? "", "q": search])
        let assignments = try await query()
            .sort(User.self, \.$lastName).sort(User.self, \.$firstName)
            .range(pagination.offset..<(pagination.offset + pagination.perPage))
            .all()
        let rows = try assignments.map { assignment in
            let user = try assignment.joined(User.self)
            return MembersPage.Row(
                assignmentID: try assignment.requireID(), userID: try user.requireID(), fullName: user.fullName, login: user.login,
                role: assignment.role.russianName, position: assignment.position, activated: user.passwordHash != nil
            )
        }
        let organizationRoles = Role.allCases.filter(\.isOrganizationRole)
        return try await req.page(
            "organizations/members", title: "Люди и роли",
            breadcrumbs: [.init(organization.shortName, SiteRoute.Organizations.show.path(organizationID)), .init("Люди и роли")],
            organization: organization, form: form, status: status,
            content: MembersPage(
                organizationID: organizationID, rows: rows,
                roleFilter: organizationRoles.map { .init(value: $0.rawValue, title: $0.russianName, selected: $0 == roleFilter) },
                query: search, pagination: pagination,
                roles: organizationRoles.map { .init(value: $0.rawValue, title: $0.russianName, selected: form.values["role"] == $0.rawValue) },
                invitationLink: invitation?.link, invitedName: invitation?.name,
                offers: try await RoleOffers.waiting(organizationID: organizationID, on: req.db)
            )
        )
    }

    struct InviteForm: Content {
        var lastName: String?
        var firstName: String?
        var middleName: String?
        var login: String?
        var role: String?
        var position: String?
    }

    /// POST /orgs/:organizationID/members — a new person with a link, a new role for an existing
    /// login, or a role offer to an account another organization relies on (`Memberships.add`).
    @Sendable func invite(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageMembers)
        let input = try req.content.decode(InviteForm.self)
        let invite = PersonInvite(lastName: input.lastName.trimmed, firstName: input.firstName.trimmed,
                                  middleName: input.middleName.trimmed.nilIfEmpty, login: input.login.trimmed.lowercased())
        let organizationID = try organization.requireID()
        let values = ["lastName": invite.lastName, "firstName": invite.firstName, "middleName": invite.middleName ?? "",
                      "login": invite.login, "role": input.role.trimmed, "position": input.position.trimmed]
        let addition: Memberships.Addition
        do {
            addition = try await Memberships.add(invite, role: input.role.trimmed, position: input.position.trimmed.nilIfEmpty,
                                                 to: organization, by: req.auditActor, on: req.db)
        } catch AppError.validation(let errors) {
            return try await page(req, organization: organization, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        } catch let error as MembershipError {
            return try await page(req, organization: organization, form: FormState(values: values, errors: [error.field: error.russianMessage]),
                                  status: error.status)
        }
        switch addition {
        case .offered(let outcome):
            let role = Role(rawValue: input.role.trimmed)?.russianName ?? ""
            let message = outcome == .alreadyHeld
                ? "У учётной записи «\(invite.login)» уже есть роль «\(role)» в организации."
                : "Учётная запись «\(invite.login)» уже есть в системе. Её владельцу отправлено предложение роли «\(role)»: роль появится, когда он примет её в своём кабинете. Фамилию и имя владельца вы увидите только после этого."
            return req.redirect(to: SiteRoute.People.members.path(organizationID), flash: FlashMessage(outcome == .alreadyHeld ? .info : .success, message))
        case .granted(let user, let link?):
            return try await page(req, organization: organization, form: FormState(), invitation: (link, user.fullName))
        case .granted(let user, nil):
            let role = Role(rawValue: input.role.trimmed)?.russianName ?? ""
            return req.redirect(to: SiteRoute.People.members.path(organizationID),
                                flash: FlashMessage(.success, "\(user.fullName): добавлена роль «\(role)». Человек уже пользуется системой и увидит её при следующем входе."))
        }
    }

    /// POST /orgs/:organizationID/members/:assignmentID/revoke
    @Sendable func revoke(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageMembers)
        let organizationID = try organization.requireID()
        guard let id = req.parameters.get("assignmentID", as: UUID.self) else { throw AppError.notFound }
        do {
            let assignment = try await Memberships.revoke(id, in: organizationID, by: req.auditActor, on: req.db)
            return req.redirect(to: SiteRoute.People.members.path(organizationID),
                                flash: FlashMessage(.success, "Роль «\(assignment.role.russianName)» снята: \(assignment.user.fullName)."))
        } catch let error as MembershipError {
            return req.redirect(to: SiteRoute.People.members.path(organizationID), flash: FlashMessage(.error, error.russianMessage))
        }
    }

    /// POST /orgs/:organizationID/members/people/:userID/invitation — a new link for a person who
    /// lost theirs. Only by whoever may manage every role of the person, so one school cannot take
    /// over an account another organization relies on.
    @Sendable func reissue(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageMembers)
        let organizationID = try organization.requireID()
        do {
            let (user, link) = try await Memberships.reissueInvitation(for: req.parameters.get("userID", as: UUID.self), in: organizationID,
                                                                       by: req.auditActor, on: req.db)
            return try await page(req, organization: organization, form: FormState(), invitation: (link, user.fullName))
        } catch let error as MembershipError {
            return req.redirect(to: SiteRoute.People.members.path(organizationID), flash: FlashMessage(.error, error.russianMessage))
        }
    }
}
