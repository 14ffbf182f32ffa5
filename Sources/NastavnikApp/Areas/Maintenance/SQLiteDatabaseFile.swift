import FluentSQLiteDriver
import Foundation

/// An SQLite file opened on its own connection, apart from the app's pool: a backup being
/// checked or copied, or the live database a restore is about to replace.
struct SQLiteDatabaseFile {
    /// What a whole database of this app holds, as far as a restore cares.
    struct Contents: Sendable {
        let tables: Int
        let migrations: [String]
    }

    /// Absolute, so messages name the file unambiguously and two spellings of one path compare equal.
    let path: String

    init(path: String) {
        self.path = Self.absolute(path)
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    var exists: Bool { FileManager.default.fileExists(atPath: path) }

    /// Checks that the file is an intact SQLite database with this app's migration table, without
    /// changing it, and says what it holds.
    func inspect() async throws -> Contents {
        guard exists else { throw BackupError.inputMissing(path: path) }
        // SQLite opens any file lazily and only fails at the first query; the header says it at once.
        guard hasSQLiteHeader else { throw BackupError.notSQLite(path: path) }
        do {
            return try await withConnection(mode: "ro") { sql in
                let problems = try await sql.raw("PRAGMA quick_check").all().map { try $0.decode(column: $0.allColumns[0], as: String.self) }
                guard problems == ["ok"] else {
                    throw BackupError.damaged(path: path, detail: problems.prefix(3).joined(separator: "; "))
                }
                let tables = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                    .all().map { try $0.decode(column: "name", as: String.self) }
                guard tables.contains("_fluent_migrations") else { throw BackupError.foreignDatabase(path: path) }
                let migrations = try await sql.raw("SELECT name FROM _fluent_migrations ORDER BY batch, name")
                    .all().map { try $0.decode(column: "name", as: String.self) }
                return Contents(tables: tables.count, migrations: migrations)
            }
        } catch let error as SQLiteError {
            if error.reason == .notADatabase { throw BackupError.notSQLite(path: path) }
            throw BackupError.damaged(path: path, detail: error.message)
        }
    }

    /// Writes a consistent one-file copy to `destination`, which must not exist yet. `VACUUM INTO`
    /// reads one snapshot, so it also folds in a write-ahead log lying beside the source.
    func copy(to destination: String) async throws {
        try await withConnection(mode: "ro") { sql in
            try await sql.raw("VACUUM INTO \(bind: destination)").run()
        }
    }

    /// Makes sure no server has the database open, and moves its write-ahead log into the main
    /// file, so that the file alone is the whole database and may be renamed.
    ///
    /// The app keeps SQLite in WAL mode, where every open connection holds a shared lock for as
    /// long as it lives; an exclusive lock is therefore granted only when no server is connected.
    func takeOver() async throws {
        do {
            try await withConnection(mode: "rw") { sql in
                try await sql.raw("PRAGMA busy_timeout = 2000").run()
                try await sql.raw("PRAGMA locking_mode = EXCLUSIVE").run()
                try await sql.raw("BEGIN EXCLUSIVE").run()
                try await sql.raw("COMMIT").run()
                try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
            }
        } catch let error as SQLiteError {
            switch error.reason {
            case .busy, .busyTimeout, .busyInRecovery, .busyInSnapshot, .locked:
                throw BackupError.databaseInUse(path: path)
            case .notADatabase, .corrupt:
                // A broken live database is exactly what a restore is for; it is kept aside whole.
                return
            default:
                throw error
            }
        }
    }

    private var hasSQLiteHeader: Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        return header == Data("SQLite format 3\0".utf8)
    }

    /// Opens the file through a URI so the mode is explicit: `ro` never writes, `rw` never creates.
    private func withConnection<T>(mode: String, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
        let connection = try await SQLiteConnection.open(storage: .file(path: "file:\(encoded)?mode=\(mode)"))
        do {
            let result = try await body(connection.sql())
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
