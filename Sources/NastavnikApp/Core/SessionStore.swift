import Fluent
import Vapor

/// Database-backed browser sessions. A new random token is issued at every sign-in, so a token
/// planted before sign-in (session fixation) is worthless.
enum SessionStore {
    static let cookieName = "nastavnik_session"
    /// A session ends after this long without a request (school computers are shared).
    static let idleTimeout: TimeInterval = 8 * 3600
    /// And in any case after this long.
    static let absoluteTimeout: TimeInterval = 7 * 24 * 3600

    /// Starts a session for the user, ending the one the request came with, and sets the cookie.
    static func signIn(_ user: User, request: Request, response: Response) async throws {
        if let old = request.cookies[cookieName]?.string {
            try await UserSession.query(on: request.db).filter(\.$tokenHash == SecureToken.hash(old)).delete()
        }
        let token = SecureToken.generate()
        let now = Date()
        let session = UserSession(
            tokenHash: SecureToken.hash(token), userID: try user.requireID(), now: now,
            expiresAt: now.addingTimeInterval(absoluteTimeout), ip: request.clientAddress
        )
        try await session.save(on: request.db)
        response.cookies[cookieName] = cookie(token, request: request)
    }

    static func signOut(request: Request, response: Response) async throws {
        if let token = request.cookies[cookieName]?.string {
            try await UserSession.query(on: request.db).filter(\.$tokenHash == SecureToken.hash(token)).delete()
        }
        response.cookies[cookieName] = .expired
    }

    /// Ends every session of a user but, optionally, the current one (after a password change).
    static func signOutEverywhere(userID: UUID, except request: Request? = nil, on db: any Database) async throws {
        try await signOutEverywhere(userID: userID, exceptToken: request?.cookies[cookieName]?.string, on: db)
    }

    /// The same, given the cookie's token of the session to keep, for services that never see the request.
    static func signOutEverywhere(userID: UUID, exceptToken token: String?, on db: any Database) async throws {
        var query = UserSession.query(on: db).filter(\.$user.$id == userID)
        if let token {
            query = query.filter(\.$tokenHash != SecureToken.hash(token))
        }
        try await query.delete()
    }

    static func cookie(_ value: String, request: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: value, expires: nil, maxAge: nil, domain: nil, path: "/",
            isSecure: request.application.settings.secureCookies, isHTTPOnly: true, sameSite: .lax
        )
    }
}

/// Reads the session cookie and makes the signed-in person the request's principal.
struct SessionAuthenticator: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let token = request.cookies[SessionStore.cookieName]?.string, !token.isEmpty else {
            return try await next.respond(to: request)
        }
        let now = Date()
        if let session = try await UserSession.query(on: request.db)
            .filter(\.$tokenHash == SecureToken.hash(token))
            .with(\.$user)
            .first(),
           session.expiresAt > now,
           session.lastSeenAt.addingTimeInterval(SessionStore.idleTimeout) > now,
           session.user.isActive {
            request.principal = try await PrincipalLoader.load(session.user, on: request.db)
            // Touch at most once a minute: a write per request would be wasted work.
            if now.timeIntervalSince(session.lastSeenAt) > 60 {
                session.lastSeenAt = now
                try await session.save(on: request.db)
            }
            return try await next.respond(to: request)
        }
        // An unknown or expired token: forget it.
        let response = try await next.respond(to: request)
        if response.cookies[SessionStore.cookieName] == nil {
            response.cookies[SessionStore.cookieName] = .expired
        }
        return response
    }
}

/// Sends visitors of pages that need a person to the login form, remembering where they went.
/// A person with a generated password is sent to change it first.
struct RequireSignedInPage: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let principal = request.principal else {
            let target = request.url.path + (request.url.query.map { "?\($0)" } ?? "")
            return request.redirect(to: SiteRoute.Accounts.signInLink(returningTo: target))
        }
        if principal.mustChangePassword, request.url.path != SiteRoute.Administration.passwordForm.pattern,
           request.url.path != SiteRoute.Accounts.signOut.pattern {
            return request.redirect(to: SiteRoute.Administration.passwordForm.path())
        }
        return try await next.respond(to: request)
    }
}
