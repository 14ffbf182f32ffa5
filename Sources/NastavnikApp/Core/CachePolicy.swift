import Vapor

/// Who may keep a copy of an answer. A signed-in person's pages and every API answer carry
/// personal data: `no-store`, so neither a shared computer's browser nor a proxy keeps them.
/// Public pages set their own header (`PublicPagesController.cacheable`); one that also sets a
/// cookie is kept private, or a proxy would hand one visitor's cookie to the next.
/// Static files keep their validators.
struct CachePolicy: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let path = request.url.path
        let isAPI = path.hasPrefix("/api/")
        // Static files: FileMiddleware gives them validators to revalidate with.
        if request.route == nil, response.headers.contains(name: .eTag) { return response }
        let setsCookie = response.headers.contains(name: .setCookie)
        if let existing = response.headers.first(name: .cacheControl) {
            if setsCookie, existing.contains("public") {
                response.headers.replaceOrAdd(name: .cacheControl, value: existing.replacingOccurrences(of: "public", with: "private"))
            }
            return response
        }
        // A page for an address no route knows carries no session, but the person may be signed in.
        let signedIn = request.principal != nil || request.cookies[SessionStore.cookieName] != nil
        if signedIn || setsCookie || (isAPI && !path.hasPrefix("/api/v1/public/")) {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        } else if isAPI {
            // Public cases and results: a withdrawn consent must show at once, so always revalidate.
            response.headers.replaceOrAdd(name: .cacheControl, value: "public, no-cache")
        }
        return response
    }
}
