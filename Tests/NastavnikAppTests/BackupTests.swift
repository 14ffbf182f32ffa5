import Fluent
import FluentSQLiteDriver
import Foundation
@testable import NastavnikApp
import Testing
import Vapor

/// Backups of SQLite are files, so the file tests run on SQLite; on PostgreSQL (CI's second pass)
/// the same tests check that the app leaves the copy to pg_dump and says how.
@Suite("Резервная копия и восстановление")
struct BackupTests {
    @Test("Восстановление из копии возвращает прежние данные, а заменённая база остаётся рядом")
    func backupAndRestore() async throws {
        try await withTestApp { app in
            guard case .sqliteFile(let databasePath) = app.settings.database else {
                return try await expectPostgresInstructions(app)
            }
            let folder = try BackupFolder()
            defer { folder.remove(alongWith: databasePath) }
            let territory = try await Fixtures.territory(app)
            let curator = try await Fixtures.person(app, login: "ivanova", role: .curator, organization: territory.organization, lastName: "Иванова")
            let people = try await User.query(on: app.db).count()

            let backup = try await DatabaseBackup.backup(of: app.db, to: folder.path + "/копия базы.sqlite")
            #expect(backup.bytes > 0 && backup.migrations == AppMigrations.all.count)
            #expect(backup.tables == (try await tableCount(app)))
            #expect(backup.report.contains("Резервная копия готова: \(backup.path)"))
            await #expect(throws: BackupError.outputExists(path: backup.path)) {
                try await DatabaseBackup.backup(of: app.db, to: backup.path)
            }

            // Work after the copy, which the restore is to undo.
            curator.lastName = "Сидорова"
            try await curator.save(on: app.db)
            try await Fixtures.person(app, login: "added.later")
            try await RoleAssignment.query(on: app.db).delete()
            territory.organization.name = "Переименованная школа"
            try await territory.organization.save(on: app.db)

            // While the app has the database open, the restore refuses and touches nothing.
            let refusal = await #expect(throws: BackupError.self) {
                try await DatabaseRestore.restore(from: backup.path, into: databasePath)
            }
            #expect(refusal?.description.contains("похоже, сервер работает") == true)
            #expect(!FileManager.default.fileExists(atPath: DatabaseRestore.previousCopyPath(of: databasePath)))

            try await app.asyncShutdown()
            let summary = try await DatabaseRestore.restore(from: backup.path, into: databasePath)
            let previous = try #require(summary.previousCopy)
            #expect(previous == DatabaseRestore.previousCopyPath(of: databasePath))
            #expect(previous.hasSuffix((databasePath as NSString).lastPathComponent + ".before-restore"))
            #expect(FileManager.default.fileExists(atPath: previous))
            #expect(summary.pendingMigrations == 0 && summary.report.contains("Прежняя база сохранена"))

            try await openApp(onSQLiteFile: databasePath) { (restored: Application) async throws in
                #expect(try await User.query(on: restored.db).count() == people)
                #expect(try await User.find(curator.id, on: restored.db)?.lastName == "Иванова")
                #expect(try await User.query(on: restored.db).filter(\.$login == "added.later").count() == 0)
                #expect(try await RoleAssignment.query(on: restored.db).filter(\.$user.$id == curator.id!).first()?.role == .curator)
                #expect(try await Organization.find(territory.organizationID, on: restored.db)?.name == "МБОУ СОШ № 1")
            }
            // Nothing is lost: the replaced database still holds the work done after the copy.
            try await openApp(onSQLiteFile: previous) { (replaced: Application) async throws in
                #expect(try await User.find(curator.id, on: replaced.db)?.lastName == "Сидорова")
                #expect(try await User.query(on: replaced.db).filter(\.$login == "added.later").count() == 1)
            }
            // A second restore would overwrite that kept database, so it needs --force.
            await #expect(throws: BackupError.previousCopyExists(path: previous)) {
                try await DatabaseRestore.restore(from: backup.path, into: databasePath)
            }
            #expect(try await DatabaseRestore.restore(from: backup.path, into: databasePath, replacingPreviousCopy: true).previousCopy == previous)
        }
    }

    @Test("Не база SQLite, чужая база и копия новее программы не восстанавливаются, и база остаётся как была")
    func refusals() async throws {
        try await withTestApp { app in
            guard case .sqliteFile(let databasePath) = app.settings.database else {
                return try await expectPostgresInstructions(app)
            }
            let folder = try BackupFolder()
            defer { folder.remove(alongWith: databasePath) }
            _ = try await Fixtures.territory(app)
            let backup = try await DatabaseBackup.backup(of: app.db, to: folder.path + "/копия.sqlite")
            try await app.asyncShutdown()
            let database = try Data(contentsOf: URL(fileURLWithPath: databasePath))

            func refusal(_ input: String) async -> String {
                let error = await #expect(throws: BackupError.self) {
                    try await DatabaseRestore.restore(from: input, into: databasePath)
                }
                return error?.description ?? ""
            }

            #expect(await refusal(folder.path + "/нет такого файла.sqlite").contains("Файл резервной копии не найден"))

            let text = folder.path + "/заметки.sqlite"
            try Data("Это не база данных, а заметки куратора.".utf8).write(to: URL(fileURLWithPath: text))
            #expect(await refusal(text).contains("не база данных SQLite"))

            let foreign = folder.path + "/чужая.sqlite"
            try await onSQLiteFile(foreign) { sql in
                try await sql.raw("CREATE TABLE notes (body TEXT)").run()
            }
            #expect(await refusal(foreign).contains("не база «Наставника»"))

            let future = folder.path + "/из будущего.sqlite"
            try FileManager.default.copyItem(atPath: backup.path, toPath: future)
            try await onSQLiteFile(future) { sql in
                try await sql.raw("INSERT INTO _fluent_migrations (id, name, batch) VALUES (\(bind: UUID()), 'NastavnikApp.M999_FromTheFuture', 99)").run()
            }
            let newer = await refusal(future)
            #expect(newer.contains("более новой версией") && newer.contains("M999_FromTheFuture"))

            #expect(try Data(contentsOf: URL(fileURLWithPath: databasePath)) == database)
            #expect(!FileManager.default.fileExists(atPath: DatabaseRestore.previousCopyPath(of: databasePath)))
            let databaseFolder = (databasePath as NSString).deletingLastPathComponent
            #expect(try FileManager.default.contentsOfDirectory(atPath: databaseFolder).filter { $0.contains(".restoring-") }.isEmpty)
        }
    }

    @Test("Команды для PostgreSQL собраны из DATABASE_URL и не показывают пароль")
    func postgresCommands() throws {
        let instructions = try #require(PostgresBackupInstructions(
            url: "postgres://nastavnik:s3cret@db.example.ru:5433/prod?sslmode=require&tlsmode=disable", schema: nil
        ))
        let backup = instructions.backup(to: "/var/backups/наставник 2026.dump")
        let restore = instructions.restore(from: "/var/backups/наставник 2026.dump")
        #expect(backup.contains(
            "pg_dump --format=custom --no-owner --file='/var/backups/наставник 2026.dump' --dbname='postgresql://nastavnik@db.example.ru:5433/prod?sslmode=require'"
        ))
        #expect(restore.contains(
            "pg_restore --clean --if-exists --no-owner --single-transaction --dbname='postgresql://nastavnik@db.example.ru:5433/prod?sslmode=require' '/var/backups/наставник 2026.dump'"
        ))
        #expect(restore.contains("Остановите сервер"))
        #expect(!backup.contains("s3cret") && !restore.contains("s3cret"))
        #expect(PostgresBackupInstructions.quoted("it's") == #"'it'\''s'"#)
    }
}

/// On PostgreSQL the library refuses to copy and the printed commands fit the database in use.
private func expectPostgresInstructions(_ app: Application) async throws {
    await #expect(throws: BackupError.postgresUsesItsOwnTools) {
        try await DatabaseBackup.backup(of: app.db, to: NSTemporaryDirectory() + "nastavnik-never-written.sqlite")
    }
    guard case .postgres(let url, let schema) = app.settings.database else { return }
    let instructions = try #require(PostgresBackupInstructions(url: url, schema: schema))
    let backup = instructions.backup(to: "копия.dump")
    // Each test has a database of its own (no schema); a schema in use would be named.
    let database = (URLComponents(string: url)?.path ?? "").dropFirst()
    #expect(backup.contains("pg_dump --format=custom") && backup.contains(String(database))
            && (schema.map { backup.contains("--schema='\($0)'") } ?? !backup.contains("--schema")))
    #expect(instructions.restore(from: "копия.dump").contains("pg_restore --clean --if-exists"))
    if let password = URLComponents(string: url)?.password, !password.isEmpty {
        #expect(!backup.contains(password) && !instructions.restore(from: "копия.dump").contains(password))
    }
}

/// A temporary folder for the copies of one test.
private struct BackupFolder {
    let path = NSTemporaryDirectory() + "nastavnik-backup-" + UUID().uuidString

    init() throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove(alongWith databasePath: String) {
        try? FileManager.default.removeItem(atPath: path)
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: DatabaseRestore.previousCopyPath(of: databasePath) + suffix)
        }
    }
}

private func tableCount(_ app: Application) async throws -> Int {
    let sql = try #require(app.db as? any SQLDatabase)
    return try await sql.raw("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .first()?.decode(column: "n", as: Int.self) ?? 0
}

/// Opens an SQLite file the way the server would after a restore (migrations included).
private func openApp(onSQLiteFile path: String, _ body: (Application) async throws -> Void) async throws {
    let app = try await Application.make(.testing)
    app.directory = DirectoryConfiguration(workingDirectory: packageRoot)
    app.logger.logLevel = .warning
    do {
        try await configure(app, settings: AppSettings(database: .sqliteFile(path: path), passwordCost: 4))
        try await prepareDatabase(app)
        try await body(app)
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}

/// A bare SQLite connection, for files that are not this app's database.
private func onSQLiteFile(_ path: String, _ body: (any SQLDatabase) async throws -> Void) async throws {
    let connection = try await SQLiteConnection.open(storage: .file(path: path))
    do {
        try await body(connection.sql())
    } catch {
        try? await connection.close()
        throw error
    }
    try await connection.close()
}
