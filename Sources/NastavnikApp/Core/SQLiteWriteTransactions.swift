import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import SQLKit

/// SQLite with a server's concurrency: every transaction starts with `BEGIN IMMEDIATE`, so it takes
/// the write lock before it reads, and waits for another writer (short attempts with sleeps between
/// them) instead of failing. Fluent's own `BEGIN` is deferred: two transactions that both read and then
/// write deadlock on the upgrade, and SQLite answers one of them «database is locked» at once,
/// without waiting — a 500 for a person who did nothing wrong (issue 16).
struct SQLiteWriteTransactions: DatabaseConfiguration {
    var base: any DatabaseConfiguration
    /// How long a statement outside a transaction waits for the lock before SQLite gives up.
    static let busyTimeoutMilliseconds = 10_000
    /// One attempt of a transaction to take the lock; between attempts it sleeps without a thread.
    static let lockAttemptMilliseconds = 20
    /// How long a transaction waits for the lock in all before the error reaches the person.
    /// CI's loaded 2 cores ran three withdrawals (each rewriting the person's name in every text
    /// column) and three paper consents of one school at once past 30 s: the last got a 500.
    static let maximumWaitSeconds: Double = 60

    var middleware: [any AnyModelMiddleware] {
        get { base.middleware }
        set { base.middleware = newValue }
    }

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        Driver(base: base.makeDriver(for: databases))
    }

    struct Driver: DatabaseDriver {
        let base: any DatabaseDriver
        func makeDatabase(with context: DatabaseContext) -> any Database {
            SQLiteWritingDatabase(base: base.makeDatabase(with: context), inTransaction: false)
        }
        func shutdown() { base.shutdown() }
        func shutdownAsync() async { await base.shutdownAsync() }
    }
}

private struct UncheckedBox<T>: @unchecked Sendable { let value: T }

/// The driver's database with immediate transactions; everything else goes straight through.
struct SQLiteWritingDatabase: Database, SQLDatabase {
    let base: any Database
    let inTransaction: Bool

    private var sql: any SQLDatabase { base as! any SQLDatabase }

    var context: DatabaseContext { base.context }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
        let writes: Bool = switch query.action {
        case .create, .update, .delete: true
        default: false
        }
        guard writes, !inTransaction else { return base.execute(query: query, onOutput: onOutput) }
        // A lone write waits for the lock the same way, instead of on a pool thread.
        return transaction { $0.execute(query: query, onOutput: onOutput) }
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> { base.execute(schema: schema) }

    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { base.execute(enum: `enum`) }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        let inTransaction = self.inTransaction
        return base.withConnection { closure(SQLiteWritingDatabase(base: $0, inTransaction: inTransaction)) }
    }

    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        guard !inTransaction else { return closure(self) }
        return base.withConnection { connection in
            let database = SQLiteWritingDatabase(base: connection, inTransaction: true)
            return connection.eventLoop.makeFutureWithTask {
                try await database.run(closure)
            }.map(\.value)
        }
    }

    private func run<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) async throws -> UncheckedBox<T> {
        try await begin()
        do {
            let result = try await closure(self).map { UncheckedBox(value: $0) }.get()
            try await sql.raw("COMMIT TRANSACTION").run()
            return result
        } catch {
            try? await sql.raw("ROLLBACK TRANSACTION").run()
            throw error
        }
    }

    /// Takes the write lock, waiting for a writer that holds it. The waiting is done here, with
    /// `Task.sleep`, not by SQLite's busy handler: that one sleeps on a thread of the shared
    /// thread pool, and a few waiters would take every thread from the writer they wait for.
    private func begin() async throws {
        try await setBusyTimeout(SQLiteWriteTransactions.lockAttemptMilliseconds)
        let deadline = Date().addingTimeInterval(SQLiteWriteTransactions.maximumWaitSeconds)
        while true {
            do {
                try await sql.raw("BEGIN IMMEDIATE TRANSACTION").run()
                break
            } catch let error as SQLiteError where error.reason == .busy && Date() < deadline {
                try await Task.sleep(nanoseconds: UInt64.random(in: 5_000_000...25_000_000))
            } catch {
                try? await setBusyTimeout(SQLiteWriteTransactions.busyTimeoutMilliseconds)
                throw error
            }
        }
        try await setBusyTimeout(SQLiteWriteTransactions.busyTimeoutMilliseconds)
    }

    /// Per connection; also replaces the driver's handler, which retries in a tight loop forever.
    private func setBusyTimeout(_ milliseconds: Int) async throws {
        try await sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(milliseconds))").run()
    }

    // SQLDatabase

    var logger: Logger { sql.logger }
    var eventLoop: any EventLoop { sql.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { sql.version }
    var dialect: any SQLDialect { sql.dialect }
    var queryLogLevel: Logger.Level? { sql.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        guard !inTransaction, writes(query) else { return sql.execute(sql: query, onRow) }
        return transaction { ($0 as! any SQLDatabase).execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await execute(sql: query, onRow).get()
    }

    /// A statement that takes the write lock: raw SQL written outside a transaction waits for the
    /// lock like the rest instead of on a pool thread.
    private func writes(_ query: any SQLExpression) -> Bool {
        if query is SQLInsert || query is SQLUpdate || query is SQLDelete { return true }
        let text = serialize(query).sql.drop { $0.isWhitespace || $0 == "(" }.prefix(7).uppercased()
        return ["INSERT", "UPDATE", "DELETE", "REPLACE"].contains { text.hasPrefix($0) }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await sql.withSession(closure)
    }
}
