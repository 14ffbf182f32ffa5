import Foundation

/// `nastavnik restore` on SQLite: puts a backup in place of the database file while the server
/// is stopped, keeping the database it replaces.
public enum DatabaseRestore {
    public struct Summary: Sendable {
        public let databasePath: String
        public let source: String
        /// Where the replaced database now lies; `nil` when there was none.
        public let previousCopy: String?
        public let tables: Int
        public let migrations: Int
        /// Migrations this version knows and the backup lacks: the server applies them at start.
        public let pendingMigrations: Int
    }

    /// Where a restore keeps the database it replaces.
    public static func previousCopyPath(of databasePath: String) -> String {
        SQLiteDatabaseFile(path: databasePath).path + ".before-restore"
    }

    /// Checks that `input` is an intact database of this app and not newer than it, then replaces
    /// the database at `databasePath` with a copy of it. Refuses while a server has the database
    /// open. The replaced database is kept as `<database>.before-restore`; an earlier such file is
    /// replaced only with `replacingPreviousCopy`. Any refusal leaves every file as it was.
    public static func restore(from input: String, into databasePath: String, replacingPreviousCopy: Bool = false) async throws -> Summary {
        let source = SQLiteDatabaseFile(path: input)
        let database = SQLiteDatabaseFile(path: databasePath)
        let files = FileManager.default
        guard source.path != database.path else { throw BackupError.inputIsTheDatabase(path: source.path) }

        let contents = try await source.inspect()
        let known = AppMigrations.all.map(\.name)
        let unknown = contents.migrations.filter { !known.contains($0) }
        guard unknown.isEmpty else { throw BackupError.newerThanApp(path: source.path, unknownMigrations: unknown) }

        let previous = previousCopyPath(of: database.path)
        if files.fileExists(atPath: previous), !replacingPreviousCopy { throw BackupError.previousCopyExists(path: previous) }
        if database.exists { try await database.takeOver() }

        let folder = (database.path as NSString).deletingLastPathComponent
        do {
            try files.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw BackupError.cannotWrite(path: folder, detail: error.localizedDescription)
        }
        // The copy is written in the database's own folder, so the final rename stays on one file
        // system and the database file is swapped in one step.
        let incoming = folder + "/." + (database.path as NSString).lastPathComponent + ".restoring-" + UUID().uuidString
        do {
            try await source.copy(to: incoming)
            var kept: String?
            if database.exists {
                try? files.removeItem(atPath: previous)
                // A hard link keeps the old file whole under the new name while the rename below
                // swaps the database; copying is the fallback where links are not allowed.
                do {
                    try files.linkItem(atPath: database.path, toPath: previous)
                } catch {
                    try files.copyItem(atPath: database.path, toPath: previous)
                }
                kept = previous
            }
            // takeOver folded the log into the file, so these belong to no database any more and
            // would confuse SQLite when it opens the restored one.
            for suffix in ["-wal", "-shm", "-journal"] {
                try? files.removeItem(atPath: database.path + suffix)
            }
            guard rename(incoming, database.path) == 0 else {
                throw BackupError.cannotWrite(path: database.path, detail: String(cString: strerror(errno)))
            }
            return Summary(
                databasePath: database.path, source: source.path, previousCopy: kept, tables: contents.tables,
                migrations: contents.migrations.count,
                pendingMigrations: known.filter { !contents.migrations.contains($0) }.count
            )
        } catch {
            try? files.removeItem(atPath: incoming)
            throw error
        }
    }
}

extension DatabaseRestore.Summary {
    /// The console report, in Russian.
    public var report: String {
        var lines = [
            "База данных восстановлена из \(source)",
            "Файл базы: \(databasePath) (таблиц: \(tables), миграций: \(migrations)).",
        ]
        if let previousCopy { lines.append("Прежняя база сохранена: \(previousCopy)") }
        if pendingMigrations > 0 {
            lines.append("Копия старше программы: недостающие миграции (\(pendingMigrations)) применятся при запуске сервера.")
        }
        lines.append("Запустите сервер: nastavnik serve")
        return lines.joined(separator: "\n")
    }
}
