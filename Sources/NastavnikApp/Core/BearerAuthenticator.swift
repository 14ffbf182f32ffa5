import Fluent
import Vapor

/// API clients send `Authorization: Bearer <token>`; the token's hash is looked up. The one place
/// that enforces a token's expiry and its read-only scope, for every API route at once.
struct BearerAuthenticator: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = request.headers.bearerAuthorization {
            guard let token = try await ApiToken.query(on: request.db)
                .filter(\.$tokenHash == SecureToken.hash(bearer.token))
                .filter(\.$revokedAt == nil)
                .filter(\.$expiresAt > Date())
                .with(\.$user)
                .first(),
                token.user.isActive else {
                throw AppError.notSignedIn
            }
            guard ApiTokenRules.allows(request.method, readOnly: token.readOnly) else { throw ReadOnlyTokenError() }
            request.principal = try await PrincipalLoader.load(token.user, on: request.db)
            if (token.lastUsedAt.map { Date().timeIntervalSince($0) > 60 } ?? true) {
                token.lastUsedAt = Date()
                try await token.save(on: request.db)
            }
        }
        return try await next.respond(to: request)
    }
}

/// API routes that need a person answer 401 JSON without a valid token.
struct RequireAPIPrincipal: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.principal != nil else { throw AppError.notSignedIn }
        return try await next.respond(to: request)
    }
}
