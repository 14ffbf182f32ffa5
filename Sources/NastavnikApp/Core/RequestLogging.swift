import Vapor

/// Logs each request's method and path, as Vapor's `RouteLoggingMiddleware` does, but with the
/// secrets some paths carry replaced by «…»: an invitation link is a password until it is used,
/// and logs are read, kept and copied by more people than the one it was handed to.
struct RedactedRouteLogging: AsyncMiddleware {
    /// Path segments whose next segment is a secret.
    static let secretSegmentsAfter: Set<String> = ["invitations", "unsubscribe"]

    let logLevel: Logger.Level

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        request.logger.log(level: logLevel, "\(request.method) \(Self.redacted(path.removingPercentEncoding ?? path))")
        return try await next.respond(to: request)
    }

    /// `/invitations/abc…/x` → `/invitations/…/x`.
    static func redacted(_ path: String) -> String {
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for index in segments.indices.dropLast()
        where secretSegmentsAfter.contains(segments[index].lowercased()) && !segments[index + 1].isEmpty {
            segments[index + 1] = "…"
        }
        return segments.joined(separator: "/")
    }
}
