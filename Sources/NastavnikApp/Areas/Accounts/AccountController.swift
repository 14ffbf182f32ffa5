import Fluent
import Vapor

/// A person's own profile: roles, password and API tokens.
struct AccountController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Administration.account, use: show)
        routes.on(SiteRoute.Administration.passwordForm, use: passwordForm)
        routes.on(SiteRoute.Administration.changePassword, use: changePassword)
        routes.on(SiteRoute.Administration.createToken, use: createToken)
        routes.on(SiteRoute.Administration.revokeToken, use: revokeToken)
    }

    struct ProfilePage: Encodable {
        struct RoleRow: Encodable { let role: String; let place: String; let position: String? }
        struct TokenRow: Encodable {
            let id: UUID; let name: String; let prefix: String; let createdAt: Date?; let lastUsedAt: Date?
            var expiresAt: Date? = nil
            /// «только чтение» or «чтение и изменение».
            var scope = ProfilePage.scopeName(readOnly: false)
            var expired = false
        }
        static func scopeName(readOnly: Bool) -> String { ApiTokenRules.scopeName(readOnly: readOnly) }
        let fullName: String
        let login: String
        let roles: [RoleRow]
        let tokens: [TokenRow]
        /// Shown once, right after creation.
        let newToken: String?
        var defaultLifetimeDays = ApiTokenRules.defaultLifetimeDays
        var maximumLifetimeDays = ApiTokenRules.maximumLifetimeDays
        /// The read-only box as it was sent (kept when the form comes back with an error).
        var readOnlyChecked = false
    }

    struct PasswordForm: Content {
        var currentPassword: String?
        var newPassword: String?
        var newPasswordConfirmation: String?
    }

    struct PasswordPage: Encodable { let mustChange: Bool }

    /// GET /account
    @Sendable func show(req: Request) async throws -> Response {
        try await profile(req, newToken: nil, form: FormState())
    }

    private func profile(_ req: Request, newToken: String?, form: FormState, status: HTTPResponseStatus = .ok,
                         readOnlyChecked: Bool = false) async throws -> Response {
        let principal = try req.requirePrincipal()
        guard let user = try await User.find(principal.userID, on: req.db) else { throw AppError.notSignedIn }
        let assignments = try await RoleAssignment.query(on: req.db)
            .filter(\.$user.$id == principal.userID)
            .with(\.$organization).with(\.$municipality).with(\.$region)
            .all()
        let roles = assignments.map {
            ProfilePage.RoleRow(
                role: $0.role.russianName,
                place: $0.organization?.name ?? $0.municipality?.name ?? $0.region?.name ?? "—",
                position: $0.position
            )
        }
        let tokens = try await ApiToken.query(on: req.db)
            .filter(\.$user.$id == principal.userID).filter(\.$revokedAt == nil)
            .sort(\.$createdAt, .descending).all()
            .map {
                ProfilePage.TokenRow(id: try $0.requireID(), name: $0.name, prefix: $0.prefix, createdAt: $0.createdAt, lastUsedAt: $0.lastUsedAt,
                                     expiresAt: $0.expiresAt, scope: ProfilePage.scopeName(readOnly: $0.readOnly), expired: ($0.expiresAt ?? .distantPast) <= Date())
            }
        var form = form
        if form.values["expiresInDays"] == nil { form.values["expiresInDays"] = String(ApiTokenRules.defaultLifetimeDays) }
        return try await req.page(
            "accounts/profile", title: "Профиль", breadcrumbs: [.init("Главная", "/"), .init("Профиль")], form: form, status: status,
            content: ProfilePage(fullName: user.fullName, login: user.login, roles: roles, tokens: tokens, newToken: newToken,
                                 readOnlyChecked: readOnlyChecked)
        )
    }

    /// GET /account/password
    @Sendable func passwordForm(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        return try await req.page("accounts/password", title: "Смена пароля",
                                  breadcrumbs: [.init("Профиль", SiteRoute.Administration.account.path()), .init("Смена пароля")],
                                  content: PasswordPage(mustChange: principal.mustChangePassword))
    }

    /// POST /account/password
    @Sendable func changePassword(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let input = try req.content.decode(PasswordForm.self)
        do {
            try await PasswordChange.change(
                .init(currentPassword: input.currentPassword ?? "", newPassword: input.newPassword ?? "", confirmation: input.newPasswordConfirmation ?? ""),
                of: principal.userID, keepingSession: req.cookies[SessionStore.cookieName]?.string, passwords: req.password.async,
                by: req.auditActor, on: req.db)
        } catch AppError.validation(let errors) {
            return try await req.page("accounts/password", title: "Смена пароля",
                                      breadcrumbs: [.init("Профиль", SiteRoute.Administration.account.path()), .init("Смена пароля")],
                                      form: FormState(errors: errors), status: .unprocessableEntity,
                                      content: PasswordPage(mustChange: principal.mustChangePassword))
        }
        return req.redirect(to: SiteRoute.Administration.account.path(), flash: FlashMessage(.success, "Пароль изменён. Другие сеансы и API-токены завершены."))
    }

    struct TokenForm: Content {
        var name: String?
        var expiresInDays: String?
        var readOnly: String?
    }

    /// POST /account/tokens — the token is shown once on the page that answers.
    @Sendable func createToken(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let input = try req.content.decode(TokenForm.self)
        let readOnly = !(input.readOnly ?? "").isEmpty
        do {
            let (secret, _) = try await ApiTokenRules.create(.init(name: input.name ?? "", expiresInDays: input.expiresInDays, readOnly: readOnly),
                                                             for: principal.userID, by: req.auditActor, on: req.db)
            return try await profile(req, newToken: secret, form: FormState())
        } catch AppError.validation(let errors) {
            let values = ["name": (input.name ?? "").trimmingCharacters(in: .whitespaces), "expiresInDays": input.expiresInDays ?? ""]
            return try await profile(req, newToken: nil, form: FormState(values: values, errors: errors), status: .unprocessableEntity,
                                     readOnlyChecked: readOnly)
        }
    }

    /// POST /account/tokens/:tokenID/revoke
    @Sendable func revokeToken(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        do {
            let token = try await ApiTokenRules.revoke(req.parameters.get("tokenID", as: UUID.self), of: principal.userID, by: req.auditActor, on: req.db)
            return req.redirect(to: SiteRoute.Administration.account.path(), flash: FlashMessage(.success, "Токен «\(token.name)» отозван."))
        } catch let error as ApiTokenError {
            return req.redirect(to: SiteRoute.Administration.account.path(), flash: FlashMessage(.info, error.russianMessage))
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): try await transform(value)
        case .none: nil
        }
    }
}
