import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit

/// A row lock held until the transaction ends, so a check and the write that follows it cannot
/// interleave with another request's (two proposals of one child, both sides accepting at once).
///
/// PostgreSQL: `SELECT … FOR NO KEY UPDATE` (it does not block inserts that merely reference the
/// row). SQLite has one writer, so the lock is the database's write lock, taken by a write that
/// changes nothing; it must come before anything is read in the transaction, or a transaction
/// that read first fails with SQLITE_BUSY_SNAPSHOT when another writer committed meanwhile.
/// Call it inside `db.transaction`, as its first statement.
enum RowLock {
    static func lock(_ table: String, id: UUID, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        if sql.dialect.name == "postgresql" {
            try await sql.raw("SELECT id FROM \(ident: table) WHERE id = \(bind: id) FOR NO KEY UPDATE").run()
        } else {
            try await sql.raw("UPDATE \(ident: table) SET id = id WHERE id = \(bind: id)").run()
        }
    }

    /// True when the error is a unique index refusing a row (the one-place index among them);
    /// other constraint failures (a missing value, a foreign key) are not answered as a conflict.
    static func isUniqueViolation(_ error: any Error) -> Bool {
        if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == "23505" }
        if let error = error as? SQLiteError { return [.constraintUniqueFailed, .constraintPrimaryKeyFailed].contains(error.reason) }
        return false
    }
}
