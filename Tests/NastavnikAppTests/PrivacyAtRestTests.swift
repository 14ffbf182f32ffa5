import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// An app on its own SQLite file in `folder`, whatever database the suite runs on: these tests
/// are about the files the server makes.
func withSQLiteApp(folder: String, _ body: (Application) async throws -> Void) async throws {
    let app = try await Application.make(.testing)
    app.directory = DirectoryConfiguration(workingDirectory: packageRoot)
    app.logger.logLevel = .warning
    do {
        try await configure(app, settings: AppSettings(database: .sqliteFile(path: folder + "/nastavnik.sqlite"), passwordCost: 4))
        try await prepareDatabase(app)
        try await body(app)
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}

private func mode(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? Int ?? -1) & 0o777
}

/// Issue 16, item 22: what caches keep, who may read the files, what health says, how start-up fails.
@Suite("Кеширование, права на файлы, проверка состояния, запуск")
struct PrivacyAtRestTests {
    @Test("Публичные страницы перепроверяются при каждом показе; страницы вошедшего и API не сохраняются")
    func cacheHeaders() async throws {
        try await withTestApp { app in
            let territory = try await Fixtures.territory(app)
            try await Fixtures.person(app, login: "kurator", role: .curator, organization: territory.organization)
            let anonymous = Browser(app)
            _ = try await anonymous.get("/cases") // the first visit sets the CSRF cookie
            for path in ["/cases", "/honor"] {
                let page = try await anonymous.get(path)
                let header = page.headers.first(name: .cacheControl) ?? ""
                #expect(page.status == .ok && header.contains("no-cache") && !header.contains("max-age"), "\(path): \(header)")
            }
            let first = try await Browser(app).get("/cases")
            #expect(first.headers.first(name: .cacheControl)?.hasPrefix("private") == true, "страница с куки не для общих кешей")
            let curator = Browser(app)
            try await curator.signIn("kurator")
            for path in ["/account", "/", "/orgs/\(territory.organizationID)", "/cases", "/no-such-page"] {
                let page = try await curator.get(path)
                #expect(page.headers.first(name: .cacheControl)?.contains("no-store") == true, "\(path): \(page.headers.first(name: .cacheControl) ?? "—")")
            }
            let api = try await app.testing().sendRequest(.GET, "/api/v1/organizations")
            #expect(api.headers.first(name: .cacheControl) == "no-store")
            #expect(try await anonymous.get("/css/app.css").headers.first(name: .cacheControl) == nil)
        }
    }

    @Test("База SQLite, её журнал и резервная копия читаются только пользователем сервера; папку данных он создаёт закрытой")
    func filesArePrivate() async throws {
        let root = NSTemporaryDirectory() + "nastavnik-files-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = root + "/data"
        try await withSQLiteApp(folder: folder) { app in
            _ = try await Fixtures.territory(app)
            #expect(mode(folder) == 0o700)
            for suffix in ["", "-wal", "-shm"] {
                let path = folder + "/nastavnik.sqlite" + suffix
                #expect(FileManager.default.fileExists(atPath: path) && mode(path) == 0o600, "\(suffix): \(String(mode(path), radix: 8))")
            }
            let backup = try await DatabaseBackup.backup(of: app.db, to: root + "/copies/backup.sqlite")
            #expect(mode(backup.path) == 0o600, "копия: \(String(mode(backup.path), radix: 8))")
        }
        // A database an older version left readable by everyone is closed at the next start.
        chmod(folder + "/nastavnik.sqlite", 0o644)
        try await withSQLiteApp(folder: folder) { _ in
            #expect(mode(folder + "/nastavnik.sqlite") == 0o600)
        }
    }

    @Test("Проверка состояния отвечает 503 с причиной, когда на диске мало места или база не отвечает")
    func healthTellsWhy() async throws {
        try await withTestApp { app in
            let health = try await app.testing().sendRequest(.GET, "/api/v1/health")
            #expect(health.status == .ok)
        }
        let folder = NSTemporaryDirectory() + "nastavnik-health-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withSQLiteApp(folder: folder) { app in
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/health").status == .ok)
            app.settings.minimumFreeDiskBytes = Int64.max / 2
            let full = try await app.testing().sendRequest(.GET, "/api/v1/health")
            let body = try full.content.decode(APIController.Health.self)
            #expect(full.status == .serviceUnavailable && body.status == "degraded")
            #expect(body.problems?.first?.contains("осталось") == true && body.problems?.first?.contains(folder) == true, "\(body.problems ?? [])")
        }
        // A PostgreSQL server that is not there.
        let app = try await Application.make(.testing)
        app.directory = DirectoryConfiguration(workingDirectory: packageRoot)
        app.logger.logLevel = .critical
        do {
            try await configure(app, settings: AppSettings(database: .postgres(url: "postgres://nobody@127.0.0.1:1/none?sslmode=disable", schema: nil),
                                                           passwordCost: 4, postgresPoolTimeoutSeconds: 2))
            let down = try await app.testing().sendRequest(.GET, "/api/v1/health")
            let health = try down.content.decode(APIController.Health.self)
            #expect(down.status == .serviceUnavailable && health.database == "unavailable")
            #expect(down.text.contains("База данных не отвечает"))
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    @Test("Папка данных, в которую нельзя писать, останавливает запуск понятным сообщением по-русски с её именем")
    func unusableDataFolder() async throws {
        let root = NSTemporaryDirectory() + "nastavnik-ro-\(UUID().uuidString)"
        defer { chmod(root + "/readonly", 0o700); try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        // A file where the folder should be: fails for root too.
        _ = FileManager.default.createFile(atPath: root + "/file", contents: Data("x".utf8))
        var folders = [root + "/file/data"]
        if getuid() != 0 {
            try FileManager.default.createDirectory(atPath: root + "/readonly", withIntermediateDirectories: true)
            chmod(root + "/readonly", 0o500)
            folders.append(root + "/readonly")
        }
        for folder in folders {
            do {
                try await withSQLiteApp(folder: folder) { _ in }
                Issue.record("запуск с папкой \(folder) не остановился")
            } catch let error as ConfigurationError {
                let message = error.description
                #expect(message.contains("папка данных «\(folder)» недоступна для записи") && message.contains("NASTAVNIK_DATA"), "\(message)")
            }
        }
        // The command itself says it without ArgumentParser's English «Error:».
        let binary = packageRoot + ".build/debug/nastavnik"
        if FileManager.default.isExecutableFile(atPath: binary) {
            var environment = ProcessInfo.processInfo.environment
            environment["DATABASE_URL"] = nil
            environment["NASTAVNIK_DATA"] = root + "/file/data"
            let migrate = try ChildProcess.run(binary, ["migrate"], environment: environment)
            let text = migrate.errors
            #expect(migrate.status != 0 && text.contains("недоступна для записи") && !text.contains("Error:"), "\(text)")
        }
    }
}
