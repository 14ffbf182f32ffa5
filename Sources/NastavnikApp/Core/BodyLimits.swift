import Fluent
import Vapor

/// How much of a request body the server reads. Forms and JSON writes are small, so every route
/// gets `formLimit`; only the routes that take files get more, each its own. An 8 MB anonymous
/// post to `/login` used to be read and decoded whole (the 32 MB limit held everywhere), which
/// stalled the server for everyone.
enum BodyLimits {
    /// Forms without files and JSON API writes: the longest real form is far below this.
    static let formLimit = 512 * 1024

    /// The routes that take files, with their limits (the file's own limit plus room for the
    /// form around it). A new upload route must be added here, or its files stop at `formLimit`.
    static let uploads: [(method: HTTPMethod, path: String, limit: Int)] = [
        (.POST, SiteRoute.Participants.importUpload.pattern, 12 * 1024 * 1024),
        (.POST, "/api/v1/organizations/:organizationID/imports", 12 * 1024 * 1024),
        (.POST, SiteRoute.PairSpace.addResult.pattern, 8 * 1024 * 1024),
        (.POST, SiteRoute.Cases.attachFile.pattern, 8 * 1024 * 1024),
        (.POST, "/api/v1/pairs/:pairingID/case/files", 8 * 1024 * 1024),
        (.POST, SiteRoute.Contests.apply.pattern, 20 * 1024 * 1024),
        (.POST, "/api/v1/organizations/:organizationID/contests/:contestID/applications", 20 * 1024 * 1024),
    ]

    static let userInfoKey = "nastavnik.maxBodySize"

    /// Writes each upload route's limit into its `Route`, where `BodyLimitMiddleware` reads it.
    /// Call after the routes are registered.
    static func apply(to routes: Routes) {
        for route in routes.all {
            let path = "/" + route.path.map(\.description).joined(separator: "/")
            if let upload = uploads.first(where: { $0.method == route.method && $0.path == path }) {
                route.userInfo[userInfoKey] = upload.limit
            }
        }
    }

    /// The route's limit. Files come only from a signed-in browser or an API token, so a request
    /// with neither a session cookie nor a bearer header gets the form's limit even on an upload
    /// route: an anonymous client cannot make the server hold megabytes before it is turned away.
    static func limit(for request: Request) -> Int {
        guard let upload = request.route?.userInfo[userInfoKey] as? Int else { return formLimit }
        let identified = request.cookies[SessionStore.cookieName] != nil || request.headers.bearerAuthorization != nil
        return identified ? upload : formLimit
    }
}

/// Refuses a body over the route's limit before reading it (by its declared length), or as soon
/// as it grows past the limit, and collects the rest so no later step buffers more than allowed.
struct BodyLimitMiddleware: AsyncMiddleware {
    struct TooLarge: AppErrorConvertible {
        let limit: Int
        var status: HTTPResponseStatus { .payloadTooLarge }
        var code: String { "payload_too_large" }
        var russianMessage: String {
            limit >= 1024 * 1024
                ? "Запрос слишком большой: здесь принимается не больше \(limit / 1024 / 1024) МБ."
                : "Запрос слишком большой: форма принимает не больше \(limit / 1024) КБ. Файлы прикладываются там, где есть поле для файла."
        }
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.route != nil, ![.GET, .HEAD, .OPTIONS].contains(request.method) else {
            return try await next.respond(to: request)
        }
        let limit = BodyLimits.limit(for: request)
        if let declared = request.headers.first(name: .contentLength).flatMap(Int.init), declared > limit {
            throw TooLarge(limit: limit)
        }
        if request.route?.userInfo[BodyLimits.userInfoKey] is Int, let refusal = try await UploadGate.refusal(request) {
            return refusal
        }
        if request.body.data == nil {
            do {
                _ = try await request.body.collect(max: limit).get()
            } catch let error as any AbortError where error.status == .payloadTooLarge {
                throw TooLarge(limit: limit)
            }
        }
        return try await next.respond(to: request)
    }
}

/// What an upload route checks before it reads megabytes (issue 16 follow-up): a request from no
/// one — no valid session or API token, a forged cookie included — is answered as the sign-in
/// check would answer it (the sign-in page, or 401 under /api/), and a browser's CSRF token sent
/// in the `X-CSRF-Token` header or the `_csrf` query (upload forms put it in their address) is
/// compared with the cookie first. A read-only API token is refused as `BearerAuthenticator`
/// refuses it, and a person who holds no role that uploads there (`holders`) gets the handler's
/// own 403/404 — all before a byte of the body is read. Only then is the body read, up to the
/// route's limit; the handler still makes every check itself.
enum UploadGate {
    /// Who may upload on a route, as its handler decides it first.
    enum Holder {
        /// `Request.authorizedOrganization(for:)` on the organization in the path.
        case organization(Permission)
        /// The pair's curator (`PairAccess.load`, role `.curator`).
        case pairCurator
    }

    /// The upload routes whose first check can be made from the grants and a row or two, by path.
    static let holders: [String: Holder] = [
        SiteRoute.Contests.apply.pattern: .organization(.applyToContests),
        "/api/v1/organizations/:organizationID/contests/:contestID/applications": .organization(.applyToContests),
        SiteRoute.Participants.importUpload.pattern: .organization(.manageBases),
        "/api/v1/organizations/:organizationID/imports": .organization(.manageBases),
        SiteRoute.Cases.attachFile.pattern: .pairCurator,
        "/api/v1/pairs/:pairingID/case/files": .pairCurator,
    ]

    static func refusal(_ request: Request) async throws -> Response? {
        let api = request.url.path.hasPrefix("/api/")
        let user: User
        if api {
            guard let bearer = request.headers.bearerAuthorization,
                  let token = try await ApiToken.query(on: request.db).filter(\.$tokenHash == SecureToken.hash(bearer.token))
                      .filter(\.$revokedAt == nil).filter(\.$expiresAt > Date()).with(\.$user).first(),
                  token.user.isActive else {
                throw AppError.notSignedIn
            }
            guard ApiTokenRules.allows(request.method, readOnly: token.readOnly) else { throw ReadOnlyTokenError() }
            user = token.user
        } else {
            guard let expected = request.cookies[CSRFProtection.cookieName]?.string, !expected.isEmpty else { throw AppError.csrf }
            let early = request.headers.first(name: "X-CSRF-Token") ?? (try? request.query.get(String.self, at: CSRFProtection.fieldName))
            if let early, !SecureToken.constantTimeEquals(early, expected) { throw AppError.csrf }
            guard let session = try await activeSession(request) else {
                return request.redirect(to: SiteRoute.Accounts.signInLink(returningTo: request.url.path))
            }
            user = session.user
        }
        try await requireHolder(request, user: user)
        return nil
    }

    /// The handler's first answer to a person who may not upload there, given before the body.
    private static func requireHolder(_ request: Request, user: User) async throws {
        guard let route = request.route,
              let holder = holders["/" + route.path.map(\.description).joined(separator: "/")] else { return }
        let principal = try await PrincipalLoader.load(user, on: request.db)
        // A page first sends a person who must change the password to that form: left to it.
        guard !principal.isPlatformAdmin, !(principal.mustChangePassword && !request.url.path.hasPrefix("/api/")) else { return }
        switch holder {
        case .organization(let permission):
            _ = try await refusing(request, as: principal) { try await request.authorizedOrganization(for: permission) }
        case .pairCurator:
            // A curator of some organization goes on to the handler, which finds the pair; one who
            // curates nowhere is a member of the pair (403) or a stranger to it (404).
            let uploading = AccessPolicy.roles(for: .formPairs)
            guard !principal.grants.contains(where: { uploading.contains($0.role) }) else { return }
            let access = try await refusing(request, as: principal) { try await PairAccess.load(request) }
            guard access.role == .curator else {
                request.principal = principal
                throw AppError.forbidden
            }
        }
    }

    /// Runs the handler's check as `principal`; a refusal keeps the principal on the request, so
    /// the error page is drawn for the signed-in person, and the request goes on without it.
    private static func refusing<T>(_ request: Request, as principal: Principal, _ check: () async throws -> T) async throws -> T {
        request.principal = principal
        let result = try await check()
        request.principal = nil
        return result
    }

    /// The same test `SessionAuthenticator` makes, without touching the session.
    private static func activeSession(_ request: Request) async throws -> UserSession? {
        guard let token = request.cookies[SessionStore.cookieName]?.string, !token.isEmpty,
              let session = try await UserSession.query(on: request.db).filter(\.$tokenHash == SecureToken.hash(token)).with(\.$user).first()
        else { return nil }
        let now = Date()
        let active = session.expiresAt > now && session.lastSeenAt.addingTimeInterval(SessionStore.idleTimeout) > now && session.user.isActive
        return active ? session : nil
    }
}
