import Fluent
import Foundation
import SQLKit

/// `nastavnik backup` on SQLite: a consistent copy of the live database, taken while the server
/// keeps running and writing.
public enum DatabaseBackup {
    public struct Summary: Sendable {
        /// Absolute path of the copy.
        public let path: String
        public let bytes: Int
        public let tables: Int
        public let migrations: Int
    }

    /// Copies the app's SQLite database to `output` with SQLite's `VACUUM INTO`, which reads one
    /// snapshot inside a read transaction: safe with WAL and writers working at the same time.
    /// An existing file is replaced only with `overwrite`.
    public static func backup(of database: any Database, to output: String, overwrite: Bool = false) async throws -> Summary {
        let target = SQLiteDatabaseFile(path: output)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw BackupError.outputIsDirectory(path: target.path) }
            guard overwrite else { throw BackupError.outputExists(path: target.path) }
        }
        let folder = (target.path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw BackupError.cannotWrite(path: folder, detail: error.localizedDescription)
        }
        // VACUUM INTO wants a file that does not exist yet; writing beside the target and renaming
        // also means an interrupted copy never sits under the name of a finished one.
        let partial = SQLiteDatabaseFile(path: folder + "/." + (target.path as NSString).lastPathComponent + ".partial-" + UUID().uuidString)
        do {
            try await database.withConnection { connection in
                guard let sql = connection as? any SQLDatabase, sql.dialect.name == "sqlite" else {
                    throw BackupError.postgresUsesItsOwnTools
                }
                let live = try await sql.raw("SELECT file FROM pragma_database_list WHERE name = 'main'").first()?
                    .decode(column: "file", as: String.self)
                if let live, !live.isEmpty, SQLiteDatabaseFile.absolute(live) == target.path {
                    throw BackupError.outputIsTheDatabase(path: target.path)
                }
                try await sql.raw("VACUUM INTO \(bind: partial.path)").run()
            }
            // Opening the copy proves it is whole before it takes the name.
            let contents = try await partial.inspect()
            guard rename(partial.path, target.path) == 0 else {
                throw BackupError.cannotWrite(path: target.path, detail: String(cString: strerror(errno)))
            }
            let bytes = (try? FileManager.default.attributesOfItem(atPath: target.path)[.size] as? Int) ?? 0
            return Summary(path: target.path, bytes: bytes, tables: contents.tables, migrations: contents.migrations.count)
        } catch {
            try? FileManager.default.removeItem(atPath: partial.path)
            throw error
        }
    }
}

extension DatabaseBackup.Summary {
    /// The console report, in Russian.
    public var report: String {
        """
        Резервная копия готова: \(path)
        Размер: \(ByteSize.russian(bytes)), таблиц: \(tables), миграций: \(migrations).
        """
    }
}

/// File sizes for people: «12,4 МБ».
enum ByteSize {
    static func russian(_ bytes: Int) -> String {
        let units = ["байт", "КБ", "МБ", "ГБ", "ТБ"]
        var value = Double(bytes), unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) байт" }
        return value.russian() + " " + units[unit]
    }
}
