import NIOConcurrencyHelpers
import Vapor

/// Vapor's in-memory tester asks `app.responder.current` for every request, and the default
/// provider builds a new `DefaultResponder` each time: the whole route trie and middleware chain
/// again (a fifth of the CPU of the access matrix, measured with perf). A running server builds it
/// once at start; this gives the tests the same, rebuilding only when a test adds a route or a
/// middleware after the first request.
struct BuiltResponder: Responder {
    private final class Built: Sendable {
        let routes: Int
        let middleware: Int
        let responder: any Responder
        init(routes: Int, middleware: Int, responder: any Responder) {
            self.routes = routes; self.middleware = middleware; self.responder = responder
        }
    }

    private let application: Application
    private let built = NIOLockedValueBox<Built?>(nil)

    init(_ application: Application) { self.application = application }

    func respond(to request: Request) -> EventLoopFuture<Response> {
        let routes = application.routes.all.count
        let middleware = application.middleware.resolve().count
        let responder = built.withLockedValue { built -> any Responder in
            if let built, built.routes == routes, built.middleware == middleware { return built.responder }
            let fresh = Built(routes: routes, middleware: middleware, responder: application.responder.default)
            built = fresh
            return fresh.responder
        }
        return responder.respond(to: request)
    }
}

extension Application {
    /// Installs `BuiltResponder` (after `configure`, before the first request).
    func useBuiltResponder() {
        let responder = BuiltResponder(self)
        self.responder.use { _ in responder }
    }
}
