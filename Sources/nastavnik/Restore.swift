import ArgumentParser
import Foundation
import NastavnikApp

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Восстановить базу данных из резервной копии. Сначала остановите сервер.",
        discussion: """
        SQLite: сервер должен быть остановлен — пока он работает, восстановление откажется. Копия \
        проверяется (это целая база «Наставника», не новее этой версии программы), затем заменяет \
        файл базы; прежняя база остаётся рядом как nastavnik.sqlite.before-restore. Если такой файл \
        уже есть от прошлого восстановления, он заменяется только с --force.
        PostgreSQL (задан DATABASE_URL): команда печатает готовую команду pg_restore и завершается с \
        ошибкой — копию базы PostgreSQL восстанавливает сам PostgreSQL.
        """
    )

    @ArgumentParser.Option(help: "Файл резервной копии, сделанный командой «nastavnik backup».") var input: String
    @ArgumentParser.Flag(help: "Заменить прежний nastavnik.sqlite.before-restore.") var force = false

    func run() async throws {
        switch AppSettings.fromEnvironment().database {
        case .postgres(let url, let schema):
            guard let instructions = PostgresBackupInstructions(url: url, schema: schema) else {
                throw AppLauncher.fail(ConfigurationError.badDatabaseURL.description)
            }
            print(instructions.restore(from: input))
            throw ExitCode.failure
        case .sqliteFile(let path):
            // No app here: the server's own connections are exactly what must not be open.
            let summary: DatabaseRestore.Summary
            do {
                summary = try await DatabaseRestore.restore(from: input, into: path, replacingPreviousCopy: force)
            } catch let error as BackupError {
                throw AppLauncher.fail(error.description)
            } catch {
                throw AppLauncher.fail("Не удалось восстановить базу данных: \(error)")
            }
            print(summary.report)
        }
    }
}
