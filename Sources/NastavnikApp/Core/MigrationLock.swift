import Fluent
import SQLKit
import Vapor

/// Several app servers on one PostgreSQL start together (a deploy restarts them all): only one
/// may run the migrations, the others wait for it and then find nothing left to do. Two servers
/// migrating at once would both try to create the same tables. A session-level advisory lock is
/// held on one connection while the migrations run on the pool; the lock ends with that
/// connection even if the server dies. SQLite needs none: its write lock already lets one in.
enum MigrationLock {
    /// Any fixed number: the platform's migrations take this one, nothing else does.
    static let key: Int64 = 0x4E_6173_7461_766E   // «Nastavn»

    static func run(_ app: Application, _ migrate: @escaping @Sendable () async throws -> Void) async throws {
        guard case .postgres = app.settings.database else {
            try await migrate()
            return
        }
        try await app.db.withConnection { connection in
            let sql = connection as! any SQLDatabase
            try await sql.raw("SELECT pg_advisory_lock(\(bind: key))").run()
            do {
                try await migrate()
            } catch {
                try? await sql.raw("SELECT pg_advisory_unlock(\(bind: key))").run()
                throw error
            }
            try await sql.raw("SELECT pg_advisory_unlock(\(bind: key))").run()
        }
    }
}
