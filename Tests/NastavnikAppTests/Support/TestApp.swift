import Fluent
import Foundation
@testable import NastavnikApp
import SQLKit
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

/// Gives the test a configured app on a fresh, migrated database of its own: a temporary SQLite
/// file, or a new PostgreSQL schema dropped afterwards.
func withTestApp(_ test: (Application) async throws -> Void) async throws {
    let app = try await Application.make(.testing)
    app.directory = DirectoryConfiguration(workingDirectory: packageRoot)
    app.logger.logLevel = .warning
    let unique = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    var schema: String?
    var sqlitePath: String?
    let settings: AppSettings
    if let url = TestDatabase.postgresURL {
        schema = "t_" + unique
        settings = AppSettings(database: .postgres(url: url, schema: schema), passwordCost: 4, maxConnectionsPerEventLoop: 2)
    } else {
        sqlitePath = NSTemporaryDirectory() + "nastavnik-test-\(unique).sqlite"
        settings = AppSettings(database: .sqliteFile(path: sqlitePath!), passwordCost: 4)
    }
    do {
        try await configure(app, settings: settings)
        if let schema, let sql = app.db as? any SQLDatabase {
            try await sql.raw("CREATE SCHEMA \(ident: schema)").run()
        }
        try await prepareDatabase(app)
        try await test(app)
    } catch {
        await cleanUp(app, schema: schema, sqlitePath: sqlitePath)
        throw error
    }
    await cleanUp(app, schema: schema, sqlitePath: sqlitePath)
}

private func cleanUp(_ app: Application, schema: String?, sqlitePath: String?) async {
    if let schema, let sql = app.db as? any SQLDatabase {
        try? await sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
    }
    // A test may stop the app itself, as a restore needs the server stopped.
    if !app.didShutdown { try? await app.asyncShutdown() }
    if let sqlitePath {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: sqlitePath + suffix) }
    }
}
