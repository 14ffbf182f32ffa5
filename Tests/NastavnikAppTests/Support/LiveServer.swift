import Foundation
@testable import NastavnikApp
import NIOHTTP1
import Vapor
import VaporTesting

/// The app listening on a real local port, so a test can send requests truly in parallel, as
/// several people (or one person's double click) would, and then check the rows. In-memory
/// testing runs one request's handler at a time per call site; this goes through the network.
final class LiveServer: Sendable {
    let app: Application
    let port: Int

    private init(app: Application, port: Int) {
        self.app = app
        self.port = port
    }

    /// Starts the server on 127.0.0.1 and a free port. Stop it with `stop()` before the test ends.
    static func start(_ app: Application) async throws -> LiveServer {
        // Like `Browser`, follow nothing: tests check each redirect (a sign-in's 303 and cookie).
        app.http.client.configuration.redirectConfiguration = .disallow
        // Parallel tests send up to 40 requests at once: each gets its own connection (the
        // default pool opens 8 per host), and on a slow CI machine a queued request waits for
        // the server's answers instead of failing after the default 10 s.
        app.http.client.configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        app.http.client.configuration.timeout.connect = .seconds(120)
        try await app.asyncBoot()
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        guard let port = app.http.server.shared.localAddress?.port else {
            throw Abort(.internalServerError, reason: "сервер не сообщил порт")
        }
        return LiveServer(app: app, port: port)
    }

    func stop() async {
        await app.server.shutdown()
    }

    /// Sends one request over HTTP and reads the whole answer.
    func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: ByteBuffer? = nil) async throws -> TestingHTTPResponse {
        let uri = URI(string: "http://127.0.0.1:\(port)\(path.hasPrefix("/") ? path : "/" + path)")
        let response = try await app.client.send(method, headers: headers, to: uri) { request in
            request.body = body
        }
        // VaporTesting's initializer is `package`; its fields are public vars, so fill an answer
        // the in-memory tester made.
        var answer = try await app.testing().sendRequest(.HEAD, "/__live-server-template")
        answer.status = response.status
        answer.headers = response.headers
        answer.body = response.body ?? ByteBufferAllocator().buffer(capacity: 0)
        return answer
    }
}

/// Starts the server, runs the test, and stops the server whatever happens.
func withLiveServer(_ app: Application, _ test: (LiveServer) async throws -> Void) async throws {
    let server = try await LiveServer.start(app)
    do {
        try await test(server)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}

/// Runs `count` copies of `body` at the same time and returns their results in order.
func inParallel<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) async throws -> T) async throws -> [T] {
    try await withThrowingTaskGroup(of: (Int, T).self) { group in
        for index in 0..<count {
            group.addTask { (index, try await body(index)) }
        }
        var results = [(Int, T)]()
        for try await result in group { results.append(result) }
        return results.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
