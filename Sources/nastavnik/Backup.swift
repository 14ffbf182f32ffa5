import ArgumentParser
import Foundation
import NastavnikApp

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Сделать резервную копию базы данных; сервер может работать.",
        discussion: """
        SQLite: копия — один файл, снятый одним снимком (VACUUM INTO), так что запись на работающем \
        сервере ей не мешает. Существующий файл заменяется только с --force.
        PostgreSQL (задан DATABASE_URL): команда печатает готовую команду pg_dump и завершается с \
        ошибкой — копию базы PostgreSQL делает сам PostgreSQL.
        """
    )

    @ArgumentParser.Option(help: "Файл резервной копии.") var output: String
    @ArgumentParser.Flag(help: "Заменить файл копии, если он уже есть.") var force = false

    func run() async throws {
        switch AppSettings.fromEnvironment().database {
        case .postgres(let url, let schema):
            guard let instructions = PostgresBackupInstructions(url: url, schema: schema) else {
                throw AppLauncher.fail(ConfigurationError.badDatabaseURL.description)
            }
            print(instructions.backup(to: output))
            throw ExitCode.failure
        case .sqliteFile(let path):
            // Opening a missing file would create an empty database and copy that.
            guard FileManager.default.fileExists(atPath: path) else {
                throw AppLauncher.fail(BackupError.noDatabase(path: path).description)
            }
            let summary: DatabaseBackup.Summary
            do {
                summary = try await AppLauncher.withApp(arguments: ["nastavnik"], migrate: false) { app in
                    try await DatabaseBackup.backup(of: app.db, to: output, overwrite: force)
                }
            } catch let error as BackupError {
                throw AppLauncher.fail(error.description)
            } catch {
                throw AppLauncher.fail("Не удалось сделать резервную копию: \(error)")
            }
            print(summary.report)
        }
    }
}
