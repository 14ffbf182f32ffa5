import Fluent
import Foundation
@testable import NastavnikApp
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Which database the suite runs on: PostgreSQL when `DATABASE_URL` is set (CI's second pass),
/// otherwise a fresh SQLite file per test.
enum TestDatabase {
    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["DATABASE_URL"].flatMap { $0.hasPrefix("postgres") ? $0 : nil }
    }

    static var engineName: String { postgresURL == nil ? "SQLite" : "PostgreSQL" }
}

/// The package root, so templates and public files are found wherever the tests run from.
let packageRoot: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path + "/"

/// Gives the test a configured app on a fresh, migrated database of its own: a copy of a
/// temporary SQLite file, or a new PostgreSQL database, dropped afterwards. The migrations run
/// once per test process, into a template (`TestTemplates`), and each test gets a copy of it;
/// the copy is a real migrated database, so a test may revert and re-apply the migrations.
func withTestApp(sourceLocation: SourceLocation = #_sourceLocation, _ test: (Application) async throws -> Void) async throws {
    let app = try await Application.make(.testing)
    app.directory = DirectoryConfiguration(workingDirectory: packageRoot)
    app.logger.logLevel = .warning
    let unique = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    var database: String?
    var sqlitePath: String?
    var slot = false
    let settings: AppSettings
    do {
        if let url = TestDatabase.postgresURL {
            await PostgresAppSlots.shared.acquire()
            slot = true
            let name = "t_" + unique
            try await TestTemplates.shared.createPostgresDatabase(name)
            database = name
            // The server's own pool (4 a loop): with 2, nine requests at once on CI's loaded machine
            // queued behind three consent withdrawals past the pool's 60 s and got a 500.
            settings = AppSettings(database: .postgres(url: try TestTemplates.url(url, database: name), schema: nil),
                                   passwordCost: 4)
        } else {
            sqlitePath = NSTemporaryDirectory() + "nastavnik-test-\(unique).sqlite"
            try FileManager.default.copyItem(atPath: try await TestTemplates.shared.sqliteTemplate(), toPath: sqlitePath!)
            settings = AppSettings(database: .sqliteFile(path: sqlitePath!), passwordCost: 4)
        }
        try await configure(app, settings: settings)
        // Every response under /api/v1/ is checked against the OpenAPI document; outermost, so it
        // sees the JSON bodies that ErrorRendering makes of errors too.
        let conformance = OpenAPIConformance()
        app.middleware.use(conformance, at: .beginning)
        app.useBuiltResponder()
        app.useRememberingBcrypt()
        // Nothing left to migrate: this sets SQLite's WAL and busy timeout and checks the migrations.
        try await prepareDatabase(app)
        try await test(app)
        conformance.report(sourceLocation: sourceLocation)
    } catch {
        await cleanUp(app, database: database, sqlitePath: sqlitePath)
        if slot { await PostgresAppSlots.shared.release() }
        throw error
    }
    await cleanUp(app, database: database, sqlitePath: sqlitePath)
    if slot { await PostgresAppSlots.shared.release() }
}

/// PostgreSQL refuses connections past `max_connections` (1000 in the throwaway cluster) and a
/// test app may hold 4 a loop. Swift Testing starts every test at once, so a fast pass opened more
/// apps at once than the cluster took (CI, 2026-12-07: 24 tests failed with «sorry, too many
/// clients already»). At most `limit` test apps are open on PostgreSQL at a time; the rest wait
/// their turn before their database is created.
actor PostgresAppSlots {
    static let shared = PostgresAppSlots(limit: 48)

    private let limit: Int
    private var used = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = limit }

    func acquire() async {
        if used < limit { used += 1; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the slot to the first waiting test, or frees it.
    func release() {
        if waiting.isEmpty { used -= 1 } else { waiting.removeFirst().resume() }
    }
}

private func cleanUp(_ app: Application, database: String?, sqlitePath: String?) async {
    // A test may stop the app itself, as a restore needs the server stopped.
    if !app.didShutdown { try? await app.asyncShutdown() }
    if let database { await TestTemplates.shared.dropPostgresDatabase(database) }
    if let sqlitePath {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: sqlitePath + suffix) }
    }
}

/// The migrated databases the tests copy, made once per test process: an SQLite file, or a
/// PostgreSQL template database (`CREATE DATABASE … TEMPLATE`, a file copy inside the server).
actor TestTemplates {
    static let shared = TestTemplates()

    private var sqlite: Task<String, any Error>?
    private var postgres: Task<Application, any Error>?

    /// The template SQLite file: migrated, checkpointed and closed, so a copy of the one file is whole.
    func sqliteTemplate() async throws -> String {
        if let sqlite { return try await sqlite.value }
        let task = Task<String, any Error> {
            // Templates of test processes that are gone; this one is named after its process too.
            let folder = NSTemporaryDirectory()
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix("nastavnik-template-") {
                let rest = name.dropFirst("nastavnik-template-".count), digits = rest.prefix { $0.isNumber }
                guard rest.dropFirst(digits.count).hasPrefix("-"), let pid = Int32(digits), kill(pid, 0) != 0, errno == ESRCH else { continue }
                try? FileManager.default.removeItem(atPath: folder + name)
            }
            let path = folder + "nastavnik-template-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).sqlite"
            let app = try await Application.make(.testing)
            app.directory = DirectoryConfiguration(workingDirectory: packageRoot)
            app.logger.logLevel = .warning
            do {
                try await configure(app, settings: AppSettings(database: .sqliteFile(path: path), passwordCost: 4))
                try await prepareDatabase(app)
                // Everything into the main file (the last connection to close checkpoints too):
                // the copies take only that file and open it in WAL mode again.
                if let sql = app.db as? any SQLDatabase { try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run() }
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            return path
        }
        sqlite = task
        return try await task.value
    }

    /// A connection to the database named in `DATABASE_URL`, for CREATE and DROP DATABASE, after
    /// the template is migrated there once (its connections closed: a template must have none).
    private func postgresAdmin() async throws -> Application {
        if let postgres { return try await postgres.value }
        let task = Task<Application, any Error> {
            guard let url = TestDatabase.postgresURL else { throw Abort(.internalServerError) }
            let admin = try await Application.make(.testing)
            admin.directory = DirectoryConfiguration(workingDirectory: packageRoot)
            admin.logger.logLevel = .warning
            do {
                try await prepareTemplate(admin, url: url)
            } catch {
                // An app not shut down kills the test process in its deinit, where a clear failure is due
                // (PostgreSQL unreachable, the template not created).
                try? await admin.asyncShutdown()
                throw error
            }
            return admin
        }
        postgres = task
        return try await task.value
    }

    /// Drops the templates of test processes that are gone and migrates a fresh one.
    private func prepareTemplate(_ admin: Application, url: String) async throws {
        try await configure(admin, settings: AppSettings(database: .postgres(url: url, schema: nil), passwordCost: 4,
                                                         maxConnectionsPerEventLoop: 2))
        let sql = try Self.sql(admin)
        // Templates of test processes that are gone (a run stopped before its end leaves one).
        struct Row: Decodable { let datname: String }
        for row in try await sql.raw("SELECT datname FROM pg_database WHERE datname LIKE 'nastavnik\\_template\\_%'").all(decoding: Row.self) {
            guard let pid = Int32(row.datname.split(separator: "_").last ?? ""), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? await sql.raw("DROP DATABASE IF EXISTS \(ident: row.datname)").run()
        }
        try await sql.raw("DROP DATABASE IF EXISTS \(ident: Self.templateName) WITH (FORCE)").run()
        try await sql.raw("CREATE DATABASE \(ident: Self.templateName)").run()
        let migrator = try await Application.make(.testing)
        migrator.directory = DirectoryConfiguration(workingDirectory: packageRoot)
        migrator.logger.logLevel = .warning
        do {
            try await configure(migrator, settings: AppSettings(database: .postgres(url: try Self.url(url, database: Self.templateName), schema: nil),
                                                                passwordCost: 4, maxConnectionsPerEventLoop: 1))
            try await prepareDatabase(migrator)
        } catch {
            try? await migrator.asyncShutdown()
            throw error
        }
        try await migrator.asyncShutdown()
    }

    /// One template per test process (its id in the name), so two runs on one cluster do not
    /// share or drop each other's; the next run drops those whose process is gone.
    private static let templateName = "nastavnik_template_\(ProcessInfo.processInfo.processIdentifier)"

    func createPostgresDatabase(_ name: String) async throws {
        let sql = try Self.sql(try await postgresAdmin())
        try await sql.raw("CREATE DATABASE \(ident: name) TEMPLATE \(ident: Self.templateName)").run()
    }

    func dropPostgresDatabase(_ name: String) async {
        guard let admin = try? await postgresAdmin(), let sql = try? Self.sql(admin) else { return }
        try? await sql.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run()
    }

    private static func sql(_ app: Application) throws -> any SQLDatabase {
        guard let sql = app.db as? any SQLDatabase else { throw Abort(.internalServerError) }
        return sql
    }

    /// `url` with its database replaced by `database`.
    static func url(_ url: String, database: String) throws -> String {
        guard var components = URLComponents(string: url) else { throw ConfigurationError.badDatabaseURL }
        components.path = "/" + database
        guard let result = components.string else { throw ConfigurationError.badDatabaseURL }
        return result
    }
}
