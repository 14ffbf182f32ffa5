import Vapor

private struct CSRFTokenKey: StorageKey { typealias Value = String }

/// Double-submit protection for every form: a random token in an HttpOnly SameSite cookie must
/// come back in the form's `_csrf` field (or the `X-CSRF-Token` header).
struct CSRFProtection: AsyncMiddleware {
    static let cookieName = "nastavnik_csrf"
    static let fieldName = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let existing = request.cookies[Self.cookieName]?.string
        if [.GET, .HEAD, .OPTIONS].contains(request.method) {
            let token = existing ?? SecureToken.generate()
            request.storage[CSRFTokenKey.self] = token
            let response = try await next.respond(to: request)
            if existing == nil {
                response.cookies[Self.cookieName] = SessionStore.cookie(token, request: request)
            }
            return response
        }
        guard let expected = existing, !expected.isEmpty else { throw AppError.csrf }
        let sent = try await submittedToken(request)
        guard let sent, SecureToken.constantTimeEquals(sent, expected) else { throw AppError.csrf }
        request.storage[CSRFTokenKey.self] = expected
        return try await next.respond(to: request)
    }

    private func submittedToken(_ request: Request) async throws -> String? {
        if let header = request.headers.first(name: "X-CSRF-Token") { return header }
        // `BodyLimitMiddleware` has collected the body within the route's limit; a request that
        // reached here some other way is held to the same limit, never to more.
        if request.body.data == nil {
            _ = try await request.body.collect(max: BodyLimits.limit(for: request)).get()
        }
        guard let type = request.headers.contentType,
              type == .urlEncodedForm || type.type == "multipart" else { return nil }
        return try? request.content.get(String.self, at: Self.fieldName)
    }
}

extension Request {
    /// The token forms on this page must send back.
    var csrfToken: String { storage[CSRFTokenKey.self] ?? "" }
}
