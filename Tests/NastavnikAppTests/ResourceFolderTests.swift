import Foundation
@testable import NastavnikApp
import NIOCore
import NIOPosix
import Testing
import Vapor

/// Issue 21, item 5: the server finds its templates and static files wherever it is started,
/// and refuses to start, in Russian, when they are nowhere.
@Suite("Сервер находит шаблоны и статические файлы, откуда бы его ни запустили (issue 21)")
struct ResourceFolderTests {
    /// A temporary folder tree; `folder("a/b", resources: true)` makes `a/b/Resources/Views` and `a/b/Public`.
    struct Tree {
        let root: String

        init() throws {
            root = NSTemporaryDirectory() + "nastavnik-resources-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        }

        @discardableResult
        func folder(_ path: String, resources: Bool = false, package: Bool = false) throws -> String {
            let folder = root + "/" + path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            if resources {
                try FileManager.default.createDirectory(atPath: folder + "/Resources/Views", withIntermediateDirectories: true)
                try FileManager.default.createDirectory(atPath: folder + "/Public", withIntermediateDirectories: true)
            }
            if package { _ = FileManager.default.createFile(atPath: folder + "/Package.swift", contents: Data()) }
            return folder
        }

        func remove() { try? FileManager.default.removeItem(atPath: root) }
    }

    @Test("Развёрнутая программа берёт Resources и Public из своей папки, а не из текущей")
    func besideTheExecutable() throws {
        let tree = try Tree()
        defer { tree.remove() }
        let deployed = try tree.folder("opt/nastavnik", resources: true)
        let elsewhere = try tree.folder("home/someone", resources: true)
        let found = try ResourceFolder.locate(explicit: nil, executable: deployed + "/nastavnik", workingDirectory: elsewhere)
        #expect(found == deployed + "/")
    }

    @Test("Сборка для разработки (.build/…/debug/nastavnik) находит корень пакета, откуда бы её ни запустили")
    func packageRootAboveTheBuild() throws {
        let tree = try Tree()
        defer { tree.remove() }
        let package = try tree.folder("repo", resources: true, package: true)
        let build = try tree.folder("repo/.build/x86_64-unknown-linux-gnu/debug")
        let elsewhere = try tree.folder("tmp/work")
        let found = try ResourceFolder.locate(explicit: nil, executable: build + "/nastavnik", workingDirectory: elsewhere)
        #expect(found == package + "/")
    }

    @Test("Папка из --resources или NASTAVNIK_RESOURCES важнее всех остальных; относительный путь — от текущей папки")
    func explicitFolderFirst() throws {
        let tree = try Tree()
        defer { tree.remove() }
        let deployed = try tree.folder("opt/nastavnik", resources: true)
        let chosen = try tree.folder("srv/site", resources: true)
        #expect(try ResourceFolder.locate(explicit: chosen, executable: deployed + "/nastavnik", workingDirectory: "/") == chosen + "/")
        #expect(try ResourceFolder.locate(explicit: "site", executable: deployed + "/nastavnik", workingDirectory: tree.root + "/srv") == chosen + "/")
    }

    @Test("Без папки рядом с программой и без пакета над ней остаётся текущая папка")
    func workingFolderLast() throws {
        let tree = try Tree()
        defer { tree.remove() }
        let binary = try tree.folder("usr/bin")
        let working = try tree.folder("work", resources: true)
        #expect(try ResourceFolder.locate(explicit: nil, executable: binary + "/nastavnik", workingDirectory: working) == working + "/")
    }

    @Test("Нет шаблонов нигде — отказ по-русски с перечнем проверенных папок; неверная папка в --resources не подменяется другой")
    func refusalNamesThePaths() throws {
        let tree = try Tree()
        defer { tree.remove() }
        let binary = try tree.folder("usr/bin")
        let working = try tree.folder("work")
        try tree.folder("half/Resources/Views")  // without Public: not enough to serve pages
        do {
            _ = try ResourceFolder.locate(explicit: nil, executable: binary + "/nastavnik", workingDirectory: working)
            Issue.record("папка без шаблонов принята")
        } catch let error as ResourceFolder.NotFound {
            #expect(error.tried == [binary, working])
            #expect(error.description.contains("шаблоны и статические файлы (Resources/Views и Public) не найдены"))
            #expect(error.description.contains(binary) && error.description.contains(working) && error.description.contains("--resources"))
        }
        let deployed = try tree.folder("opt/nastavnik", resources: true)
        do {
            _ = try ResourceFolder.locate(explicit: tree.root + "/half", executable: deployed + "/nastavnik", workingDirectory: deployed)
            Issue.record("неполная папка из --resources принята")
        } catch let error as ResourceFolder.NotFound {
            #expect(error.explicit && error.tried == [tree.root + "/half"])
            #expect(error.description.contains("NASTAVNIK_RESOURCES") && error.description.contains(tree.root + "/half"))
        }
    }

    // MARK: - The built server

    @Test("Собранный сервер, запущенный из временной папки, отвечает 200 на /login")
    func builtServerRunsFromAnyFolder() async throws {
        let binary = try Self.builtServer()
        let tree = try Tree()
        defer { tree.remove() }
        let working = try tree.folder("elsewhere")
        let port = try await Self.freePort()
        let server = try Self.launch(binary, arguments: ["serve", "--port", String(port)], in: working,
                                     environment: ["NASTAVNIK_DATA": tree.root + "/data"], log: tree.root + "/server.log")
        defer { server.stop() }

        let app = try await Application.make(.testing)
        var status: HTTPResponseStatus?
        var body = ""
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, server.isRunning {
            if let response = try? await app.client.get(URI(string: "http://127.0.0.1:\(port)/login")) {
                status = response.status
                body = response.body.map { String(buffer: $0) } ?? ""
                break
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        let css = try? await app.client.get(URI(string: "http://127.0.0.1:\(port)/css/app.css")).status
        try await app.asyncShutdown()
        let log = (try? String(contentsOfFile: tree.root + "/server.log", encoding: .utf8)) ?? ""
        #expect(status == .ok, "журнал сервера:\n\(log)")
        #expect(body.contains("<form"), "\(body.prefix(300))")
        #expect(css == .ok, "статические файлы из Public")
    }

    @Test("Сервер без шаблонов не запускается и называет по-русски папку, где их искал")
    func builtServerRefusesWithoutResources() async throws {
        let binary = try Self.builtServer()
        let tree = try Tree()
        defer { tree.remove() }
        let empty = try tree.folder("empty")
        let server = try Self.launch(binary, arguments: ["serve", "--port", "0"], in: empty,
                                     environment: ["NASTAVNIK_DATA": tree.root + "/data", "NASTAVNIK_RESOURCES": empty],
                                     log: tree.root + "/server.log")
        let deadline = Date().addingTimeInterval(60)
        while server.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        let running = server.isRunning
        if running { server.stop() }
        let log = (try? String(contentsOfFile: tree.root + "/server.log", encoding: .utf8)) ?? ""
        #expect(!running && server.terminationStatus != 0, "\(log)")
        #expect(log.contains("Не удалось начать работу") && log.contains(empty) && !log.contains("Error:"), "\(log)")
    }

    // MARK: - Helpers

    /// The `nastavnik` built beside this test bundle (`swift build --build-tests` builds both). A
    /// missing binary fails the test: CI must not turn a broken build into a green run.
    static func builtServer() throws -> String {
        var folders: [String] = []
        if let bundle = ResourceFolder.currentExecutable { folders.append((bundle as NSString).deletingLastPathComponent) }
        folders.append(packageRoot + ".build/debug")
        for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/nastavnik") {
            return folder + "/nastavnik"
        }
        throw BinaryMissing(folders: folders)
    }

    struct BinaryMissing: Error, CustomStringConvertible {
        let folders: [String]
        var description: String {
            "Нет собранного сервера nastavnik в \(folders.joined(separator: ", ")): соберите его (swift build --build-tests)."
        }
    }

    static func launch(_ binary: String, arguments: [String], in folder: String, environment extra: [String: String], log: String) throws -> ChildProcess {
        var environment = ProcessInfo.processInfo.environment
        for key in ["DATABASE_URL", "NASTAVNIK_RESOURCES", "NASTAVNIK_ENV"] { environment[key] = nil }
        environment.merge(extra) { $1 }
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        return try ChildProcess.start(binary, arguments, in: folder, environment: environment, output: log, errors: log)
    }

    static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }
}
