import Foundation

/// `nastavnik backup` / `restore` on PostgreSQL. Copies of a PostgreSQL database are the business
/// of PostgreSQL's own tools, which know its versions and locks; the app only spells out the
/// `pg_dump` and `pg_restore` commands for this database, never with the password in them.
public struct PostgresBackupInstructions: Sendable {
    /// A libpq connection URI without the password.
    public let connection: String
    public let schema: String?
    /// host:port/database, for the first line.
    public let place: String

    public init?(url: String, schema: String?) {
        guard var components = URLComponents(string: url), let host = components.host, !host.isEmpty else { return nil }
        components.password = nil
        components.scheme = "postgresql"
        // libpq knows `sslmode`; the driver's other options would make pg_dump stop at an unknown parameter.
        let sslmode = components.queryItems?.filter { $0.name == "sslmode" } ?? []
        components.queryItems = sslmode.isEmpty ? nil : sslmode
        guard let connection = components.string else { return nil }
        self.connection = connection
        self.schema = schema
        self.place = "\(host):\(components.port ?? 5432)\(components.path)"
    }

    /// What `nastavnik backup --output file` prints on PostgreSQL.
    public func backup(to file: String) -> String {
        var command = "pg_dump --format=custom --no-owner"
        if let schema { command += " --schema=\(Self.quoted(schema))" }
        command += " --file=\(Self.quoted(file)) --dbname=\(Self.quoted(connection))"
        return """
        База данных — PostgreSQL (\(place)). «nastavnik backup» копирует только файл SQLite,
        а копию базы PostgreSQL делает сам PostgreSQL. Выполните (сервер «Наставника» может работать):

          \(command)

        \(Self.passwordNote("pg_dump"))
        Версия pg_dump должна быть не ниже версии сервера PostgreSQL.
        """
    }

    /// What `nastavnik restore --input file` prints on PostgreSQL.
    public func restore(from file: String) -> String {
        let command = "pg_restore --clean --if-exists --no-owner --single-transaction --dbname=\(Self.quoted(connection)) \(Self.quoted(file))"
        return """
        База данных — PostgreSQL (\(place)). «nastavnik restore» заменяет только файл SQLite,
        а копию базы PostgreSQL восстанавливает сам PostgreSQL.
        1. Остановите сервер «Наставника».
        2. Восстановите копию (таблицы базы будут удалены и созданы заново из копии, всё одной транзакцией):

          \(command)

        3. Запустите сервер: nastavnik serve — недостающие миграции применятся при запуске.
        \(Self.passwordNote("pg_restore"))
        """
    }

    private static func passwordNote(_ tool: String) -> String {
        "Пароль \(tool) спросит сам; чтобы не спрашивал, задайте переменную PGPASSWORD или файл ~/.pgpass."
    }

    /// Single quotes for a POSIX shell, so paths and URIs with spaces or `&` pass whole.
    static func quoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
