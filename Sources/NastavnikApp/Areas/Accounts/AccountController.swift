import Fluent
import Vapor

/// A person's own profile: roles, password and API tokens.
struct AccountController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let account = routes.grouped("account")
        account.get(use: show)
        account.get("password", use: passwordForm)
        account.post("password", use: changePassword)
        account.post("tokens", use: createToken)
        account.post("tokens", ":tokenID", "revoke", use: revokeToken)
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
        static func scopeName(readOnly: Bool) -> String { readOnly ? "только чтение" : "чтение и изменение" }
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
                                  breadcrumbs: [.init("Профиль", "/account"), .init("Смена пароля")],
                                  content: PasswordPage(mustChange: principal.mustChangePassword))
    }

    /// POST /account/password
    @Sendable func changePassword(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        guard let user = try await User.find(principal.userID, on: req.db) else { throw AppError.notSignedIn }
        let input = try req.content.decode(PasswordForm.self)
        let newPassword = input.newPassword ?? ""
        var errors: [String: String] = [:]
        let currentOK = try await user.passwordHash.asyncMap { try await req.password.async.verify(input.currentPassword ?? "", created: $0) } ?? false
        if !currentOK {
            errors["currentPassword"] = "Текущий пароль введён неверно."
        } else if let problem = PasswordPolicy.problem(with: newPassword, login: user.login) {
            errors["newPassword"] = problem
        } else if newPassword != input.newPasswordConfirmation {
            errors["newPasswordConfirmation"] = "Пароли не совпадают."
        } else if newPassword == input.currentPassword {
            errors["newPassword"] = "Новый пароль должен отличаться от текущего."
        }
        if !errors.isEmpty {
            return try await req.page("accounts/password", title: "Смена пароля",
                                      breadcrumbs: [.init("Профиль", "/account"), .init("Смена пароля")],
                                      form: FormState(errors: errors), status: .unprocessableEntity,
                                      content: PasswordPage(mustChange: principal.mustChangePassword))
        }
        user.passwordHash = try await req.password.async.hash(newPassword)
        user.mustChangePassword = false
        try await req.db.transaction { db in
            try await user.save(on: db)
            try await SessionStore.signOutEverywhere(userID: principal.userID, except: req, on: db)
            try await ApiTokenRules.endAll(userID: principal.userID, on: db)
            try await req.auditActor.record(.passwordChanged, objectType: "user", objectID: principal.userID, on: db)
        }
        return req.redirect(to: "/account", flash: FlashMessage(.success, "Пароль изменён. Другие сеансы и API-токены завершены."))
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
        let name = (input.name ?? "").trimmingCharacters(in: .whitespaces)
        let readOnly = !(input.readOnly ?? "").isEmpty
        var errors: [String: String] = [:]
        if name.isEmpty || name.count > 100 { errors["name"] = "Назовите токен (до 100 символов), например «Выгрузка в АИС»." }
        let lifetime = ApiTokenRules.lifetime(days: input.expiresInDays)
        if case .failure(let problem) = lifetime { errors["expiresInDays"] = problem.message }
        guard errors.isEmpty, case .success(let days) = lifetime else {
            let values = ["name": name, "expiresInDays": input.expiresInDays ?? ""]
            return try await profile(req, newToken: nil, form: FormState(values: values, errors: errors), status: .unprocessableEntity,
                                     readOnlyChecked: readOnly)
        }
        let token = "nst_" + SecureToken.generate()
        let record = ApiToken(userID: principal.userID, name: name, tokenHash: SecureToken.hash(token), prefix: String(token.prefix(10)),
                              expiresAt: Date().addingTimeInterval(Double(days) * 86_400), readOnly: readOnly)
        try await req.db.transaction { tx in
            try await record.save(on: tx)
            try await req.auditActor.record(.apiTokenCreated, objectType: "apiToken", objectID: record.id,
                                            details: "\(name) (\(ProfilePage.scopeName(readOnly: readOnly)), \(days) дн.)", on: tx)
        }
        return try await profile(req, newToken: token, form: FormState())
    }

    /// POST /account/tokens/:tokenID/revoke
    @Sendable func revokeToken(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        guard let id = req.parameters.get("tokenID", as: UUID.self),
              let token = try await ApiToken.find(id, on: req.db),
              token.$user.id == principal.userID else { throw AppError.notFound }
        token.revokedAt = Date()
        try await req.db.transaction { tx in
            try await token.save(on: tx)
            try await req.auditActor.record(.apiTokenRevoked, objectType: "apiToken", objectID: id, details: token.name, on: tx)
        }
        return req.redirect(to: "/account", flash: FlashMessage(.success, "Токен «\(token.name)» отозван."))
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
