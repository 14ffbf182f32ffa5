import Fluent
import Vapor

/// The login form, sign-in and sign-out.
struct SignInController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Accounts.signInForm, use: form)
        routes.on(SiteRoute.Accounts.signIn, use: signIn)
        routes.on(SiteRoute.Accounts.signOut, use: signOut)
    }

    struct LoginForm: Content {
        var login: String?
        var password: String?
        var next: String?
    }

    struct LoginPage: Encodable {
        let next: String
    }

    /// GET /login
    @Sendable func form(req: Request) async throws -> Response {
        let next = Self.safeNext(req.query[String.self, at: "next"])
        if req.principal != nil { return req.redirect(to: next) }
        return try await req.page("accounts/login", title: "Вход", content: LoginPage(next: next))
    }

    /// POST /login
    @Sendable func signIn(req: Request) async throws -> Response {
        let input = try req.content.decode(LoginForm.self)
        let login = (input.login ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let password = input.password ?? ""
        let next = Self.safeNext(input.next)
        let ip = req.clientAddress

        func failure(_ message: String, status: HTTPResponseStatus) async throws -> Response {
            let form = FormState(values: ["login": login], errors: ["password": message])
            return try await req.page("accounts/login", title: "Вход", form: form, status: status, content: LoginPage(next: next))
        }

        if login.isEmpty || password.isEmpty {
            return try await failure("Введите логин и пароль.", status: .unprocessableEntity)
        }
        switch try await LoginRateLimit.begin(login: login, address: ip, on: req.db) {
        case .refuse:
            return try await failure(
                "Слишком много неудачных попыток входа. Подождите 15 минут или попросите администратора выдать новую ссылку.",
                status: .tooManyRequests
            )
        case .check(let slowDown):
            if slowDown { try await Task.sleep(for: .seconds(req.application.settings.loginSlowdownSeconds)) }
        }
        let user = try await User.query(on: req.db).filter(\.$login == login).first()
        let verified = try await verify(password, hash: user?.passwordHash, on: req)
        // Only the right password learns that the account was switched off (a withdrawn consent).
        if let user, verified, !user.isActive {
            try await Audit.record(.signInFailed, by: nil, objectType: "user", objectID: user.id, details: login, ip: ip, on: req.db)
            return try await failure(AccountDeactivation.signInMessage, status: .forbidden)
        }
        guard let user, verified, user.isActive else {
            try await Audit.record(.signInFailed, by: nil, objectType: "user", objectID: user?.id, details: login, ip: ip, on: req.db)
            return try await failure("Неверный логин или пароль.", status: .unauthorized)
        }
        try await LoginRateLimit.succeeded(login: login, address: ip, on: req.db)
        req.principal = try await PrincipalLoader.load(user, on: req.db)
        try await req.audit(.signIn, objectType: "user", objectID: user.id)
        let response = req.redirect(to: user.mustChangePassword ? SiteRoute.Administration.passwordForm.path() : next)
        try await SessionStore.signIn(user, request: req, response: response)
        return response
    }

    /// POST /logout
    @Sendable func signOut(req: Request) async throws -> Response {
        if let principal = req.principal {
            try await req.audit(.signOut, objectType: "user", objectID: principal.userID)
        }
        let response = req.redirect(to: SiteRoute.Accounts.signInForm.path(), flash: FlashMessage(.info, "Вы вышли из системы."))
        try await SessionStore.signOut(request: req, response: response)
        return response
    }

    /// Bcrypt on the thread pool, and a dummy check for unknown logins so timing does not tell
    /// which logins exist.
    private func verify(_ password: String, hash: String?, on req: Request) async throws -> Bool {
        guard let hash else {
            _ = try? await req.password.async.verify(password, created: Self.dummyHash)
            return false
        }
        return try await req.password.async.verify(password, created: hash)
    }

    private static let dummyHash = "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5Cj3tN9VfQrAqz8s2hJtBq8ZbqGSBf6"

    /// Only same-site paths: `next` must not send people to another site after signing in. Browsers
    /// drop tabs, line breaks and other control characters from a URL (`/%09/evil.example` becomes
    /// `//evil.example`), so any control character or whitespace rejects the whole value rather
    /// than being removed; what remains must be `/` or `/` and a character other than `/` or `\`.
    static func safeNext(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix(SiteRoute.Accounts.signInForm.pattern) else { return "/" }
        let forbidden = CharacterSet.controlCharacters.union(.whitespacesAndNewlines).union(.illegalCharacters)
        guard raw.unicodeScalars.allSatisfy({ !forbidden.contains($0) }), !raw.contains("\\") else { return "/" }
        guard let second = raw.dropFirst().first else { return raw }
        return second == "/" ? "/" : raw
    }
}
