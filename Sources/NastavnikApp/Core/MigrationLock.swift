import Fluent
import FluentPostgresDriver
import SQLKit
import Vapor

/// Several app servers on one PostgreSQL start together (a deploy restarts them all): only one
/// may run the migrations, the others wait for it and then find nothing left to do. Two servers
/// migrating at once would both try to create the same tables. A session-level advisory lock is
/// held while the migrations run on the pool; the lock ends with its connection even if the
/// server dies. SQLite needs none: its write lock already lets one in.
///
/// The lock's connection is opened beside the pool, not taken from it: held from the pool, it
/// left a pool of one connection a loop nothing for the migrations when they picked the same
/// loop, and they waited the pool's 60 s and failed (CI, 2026-12-07: the PostgreSQL template of
/// the test run, so every PostgreSQL test failed with `connectionRequestTimeout`).
enum MigrationLock {
    /// Any fixed number: the platform's migrations take this one, nothing else does.
    static let key: Int64 = 0x4E_6173_7461_766E   // «Nastavn»

    static func run(_ app: Application, _ migrate: @escaping @Sendable () async throws -> Void) async throws {
        guard case .postgres(let url, _) = app.settings.database else {
            try await migrate()
            return
        }
        guard let configuration = try? SQLPostgresConfiguration(url: url) else { throw ConfigurationError.badDatabaseURL }
        let connection = try await PostgresConnectionSource(sqlConfiguration: configuration)
            .makeConnection(logger: app.logger, on: app.eventLoopGroup.any()).get()
        do {
            let sql = connection.sql()
            try await sql.raw("SELECT pg_advisory_lock(\(bind: key))").run()
            try await migrate()
            // Closing the connection ends its session and so the lock, on success and on failure.
        } catch {
            try? await connection.close().get()
            throw error
        }
        try await connection.close().get()
    }
}
