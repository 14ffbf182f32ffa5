import Foundation

/// Why a backup or a restore did not happen, said in Russian for the person at the console.
/// Every case leaves the database as it was.
public enum BackupError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case noDatabase(path: String)
    case outputExists(path: String)
    case outputIsDirectory(path: String)
    case outputIsTheDatabase(path: String)
    case inputMissing(path: String)
    case inputIsTheDatabase(path: String)
    case notSQLite(path: String)
    case damaged(path: String, detail: String)
    case foreignDatabase(path: String)
    case newerThanApp(path: String, unknownMigrations: [String])
    case databaseInUse(path: String)
    case previousCopyExists(path: String)
    case cannotWrite(path: String, detail: String)
    case postgresUsesItsOwnTools

    public var description: String {
        switch self {
        case .noDatabase(let path):
            "Базы данных ещё нет: \(path). Запустите сервер или «nastavnik migrate», чтобы её создать."
        case .outputExists(let path):
            "Файл \(path) уже существует. Укажите другой файл или добавьте --force, чтобы заменить его."
        case .outputIsDirectory(let path):
            "\(path) — папка. Укажите имя файла копии, например \(path)/nastavnik-копия.sqlite."
        case .outputIsTheDatabase(let path):
            "Копию нельзя записать поверх самой базы данных (\(path)). Укажите другой файл."
        case .inputMissing(let path):
            "Файл резервной копии не найден: \(path)."
        case .inputIsTheDatabase(let path):
            "\(path) — это сама база данных, а не резервная копия. Укажите файл, сделанный командой «nastavnik backup»."
        case .notSQLite(let path):
            "Файл \(path) — не база данных SQLite. Укажите файл, сделанный командой «nastavnik backup»."
        case .damaged(let path, let detail):
            "Файл \(path) повреждён (SQLite: \(detail)). Возьмите другую резервную копию."
        case .foreignDatabase(let path):
            "Файл \(path) — база SQLite, но не база «Наставника»: в ней нет таблицы миграций _fluent_migrations."
        case .newerThanApp(let path, let unknown):
            "Копия \(path) сделана более новой версией «Наставника»: эта версия не знает миграций \(unknown.joined(separator: ", ")). "
                + "Обновите программу и повторите восстановление."
        case .databaseInUse(let path):
            "База данных \(path) открыта другим процессом — похоже, сервер работает. "
                + "Остановите сервер («nastavnik serve») и повторите восстановление."
        case .previousCopyExists(let path):
            "Прежняя база от прошлого восстановления ещё лежит в \(path). "
                + "Перенесите её в надёжное место или добавьте --force, чтобы заменить её текущей базой."
        case .cannotWrite(let path, let detail):
            "Не удалось записать \(path): \(detail)"
        case .postgresUsesItsOwnTools:
            "База данных — PostgreSQL: её копию делают и восстанавливают средства PostgreSQL (pg_dump и pg_restore)."
        }
    }

    public var errorDescription: String? { description }
}
