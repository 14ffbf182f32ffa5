import Fluent
import Vapor

/// The page behind an invitation link, where a person sets their password and signs in.
struct InvitationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Accounts.invitation, use: show)
        routes.on(SiteRoute.Accounts.acceptInvitation, use: accept)
    }

    struct InvitationPage: Encodable {
        let valid: Bool
        let fullName: String
        let login: String
        let token: String
        /// The link was spent a moment ago, by another submission of the same form.
        var alreadyUsed = false
    }

    struct AcceptForm: Content {
        var password: String?
        var passwordConfirmation: String?
    }

    /// GET /invitations/:token
    @Sendable func show(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        guard let invitation = try await Invitations.find(token: token, on: req.db) else {
            return try await req.page("accounts/invitation", title: "Приглашение", status: .notFound,
                                      content: InvitationPage(valid: false, fullName: "", login: "", token: ""))
        }
        return try await req.page("accounts/invitation", title: "Приглашение",
                                  content: InvitationPage(valid: true, fullName: invitation.user.fullName, login: invitation.user.login, token: token))
    }

    /// The answer to a link spent by another submission: 409 with «Ссылка уже использована».
    private func usedPage(_ req: Request) async throws -> Response {
        try await req.page("accounts/invitation", title: "Приглашение", status: .conflict,
                           content: InvitationPage(valid: false, fullName: "", login: "", token: "", alreadyUsed: true))
    }

    /// POST /invitations/:token
    @Sendable func accept(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        guard let invitation = try await Invitations.find(token: token, on: req.db) else {
            guard try await Invitations.wasUsed(token: token, on: req.db) else { throw AppError.notFound }
            return try await usedPage(req)
        }
        let input = try req.content.decode(AcceptForm.self)
        let user = invitation.user
        let principal: Principal?
        do {
            principal = try await Invitations.accept(invitation, password: input.password ?? "", confirmation: input.passwordConfirmation,
                                                     hasher: req.password.async, from: req.auditActor, on: req.db)
        } catch AppError.validation(let errors) {
            return try await req.page("accounts/invitation", title: "Приглашение", form: FormState(errors: errors),
                                      status: .unprocessableEntity,
                                      content: InvitationPage(valid: true, fullName: user.fullName, login: user.login, token: token))
        }
        // Another submission of the same form spent the link a moment ago.
        guard let principal else { return try await usedPage(req) }
        req.principal = principal
        let response = req.redirect(to: SiteRoute.Home.index.path(), flash: FlashMessage(.success, "Пароль установлен. Добро пожаловать!"))
        try await SessionStore.signIn(user, request: req, response: response)
        return response
    }
}
