import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import SQLKit
import Vapor

private struct AppSettingsKey: StorageKey { typealias Value = AppSettings }

extension Application {
    /// The settings `configure` was called with.
    public var settings: AppSettings {
        get { storage[AppSettingsKey.self] ?? AppSettings(database: .sqliteFile(path: "data/nastavnik.sqlite")) }
        set { storage[AppSettingsKey.self] = newValue }
    }
}

/// Sets up the database, views, middleware and routes. Tests call it with their own settings.
public func configure(_ app: Application, settings: AppSettings) async throws {
    app.settings = settings
    try configureDatabase(app, settings)
    app.migrations.add(AppMigrations.all)
    app.passwords.use(.bcrypt(cost: settings.passwordCost))

    app.views.use(.leaf)
    // Parsed templates are kept except while developing (`swift run`), where an edited template
    // shows on the next reload; the tests render what a deployed server renders, parsed once.
    app.leaf.cache.isEnabled = app.environment != .development
    app.leaf.tags["field"] = FormFieldTag()
    app.leaf.tags["csrfField"] = CSRFFieldTag()
    app.leaf.tags["dateTime"] = DateTimeTag()
    app.leaf.tags["plural"] = PluralTag()
    app.leaf.tags["gendered"] = GenderedTag()
    app.leaf.tags["quoted"] = QuotedTag()
    app.leaf.tags["path"] = PathTag()

    // Forms and JSON writes are small; only the upload routes in `BodyLimits.uploads` take more.
    app.routes.defaultMaxBodySize = ByteCount(value: BodyLimits.formLimit)

    app.middleware = Middlewares()
    // Request lines without the secrets some paths carry (invitation links).
    app.middleware.use(RedactedRouteLogging(logLevel: .info))
    app.middleware.use(CachePolicy())
    app.middleware.use(ErrorRendering())
    app.middleware.use(SecurityHeaders())
    app.middleware.use(BodyLimitMiddleware())
    app.middleware.use(FileMiddleware(publicDirectory: app.directory.publicDirectory, defaultFile: nil))

    app.checklistEvidence.register(ChecklistEvidence.selectionFacts)

    try routes(app)
    BodyLimits.apply(to: app.routes)
}

private func configureDatabase(_ app: Application, _ settings: AppSettings) throws {
    switch settings.database {
    case .sqliteFile(let path):
        // The database, its WAL and the backups hold children's data: only the server's user
        // may read them (0600 files, a 0700 folder when the app creates it).
        umask(0o077)
        try DataFolder.prepare(settings.dataDirectory ?? ".")
        // One connection per event loop, held by a transaction while it waits up to 60 s for the
        // write lock (`SQLiteWriteTransactions`): a request queued behind such waiters must wait as
        // long, not fail after the pool's default 10 s with a 500 (seen under CI's load with five
        // parallel import confirmations).
        let timeout = TimeAmount.seconds(Int64(SQLiteWriteTransactions.maximumWaitSeconds) * 2)
        app.databases.use(SQLiteWriteTransactions(base: DatabaseConfigurationFactory.sqlite(.file(path), connectionPoolTimeout: timeout).make()),
                          as: .sqlite)
    case .postgres(let url, let schema):
        guard var configuration = try? SQLPostgresConfiguration(url: url) else {
            throw ConfigurationError.badDatabaseURL
        }
        if let schema { configuration.searchPath = [schema] }
        app.databases.use(.postgres(configuration: configuration, maxConnectionsPerEventLoop: settings.maxConnectionsPerEventLoop,
                                    connectionPoolTimeout: .seconds(Int64(settings.postgresPoolTimeoutSeconds))), as: .psql)
    }
}

/// Runs pending migrations and tunes SQLite for a web server (WAL lets readers and the writer
/// work side by side).
public func prepareDatabase(_ app: Application) async throws {
    if case .sqliteFile(let path) = app.settings.database, let sql = app.db as? any SQLDatabase {
        do {
            try await sql.raw("PRAGMA journal_mode=WAL").run()
        } catch {
            throw ConfigurationError.dataFolderUnusable(folder: app.settings.dataDirectory ?? ".", reason: "SQLite не смог открыть или записать базу «\(path)»")
        }
        try await sql.raw("PRAGMA busy_timeout=\(unsafeRaw: String(SQLiteWriteTransactions.busyTimeoutMilliseconds))").run()
        DataFolder.restrictDatabaseFiles(path)
    }
    try await MigrationLock.run(app) { try await app.autoMigrate() }
    // Raw import files are kept a day at most; a server that was down must not keep them longer.
    try await ImportRetention.purge(on: app.db)
}

/// Start-up problems a person can fix, said in Russian.
public enum ConfigurationError: Error, CustomStringConvertible {
    case badDatabaseURL
    /// The SQLite data folder cannot be created or written.
    case dataFolderUnusable(folder: String, reason: String)

    public var description: String {
        switch self {
        case .dataFolderUnusable(let folder, let reason):
            """
            Не удалось начать работу: папка данных «\(folder)» недоступна для записи (\(reason)).
            В ней сервер хранит базу SQLite. Дайте пользователю, от имени которого запущен сервер, право записи в эту папку \
            (например: chown -R <пользователь> \(folder) && chmod 700 \(folder)) или укажите другую папку в переменной NASTAVNIK_DATA.
            """
        case .badDatabaseURL:
            "Не удалось разобрать DATABASE_URL. Ожидается postgres://пользователь:пароль@хост:порт/база (для локального сервера без TLS добавьте ?sslmode=disable)."
        }
    }
}
