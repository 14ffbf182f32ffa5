import Foundation
import Testing

/// Issue 22, item 6: the PostgreSQL pass of `.ci/run` skips the suites that never touch a
/// database (they ran once, on SQLite). This keeps that list honest: a listed suite that starts
/// an app, a server or a database would lose its PostgreSQL run, so it fails here instead.
@Suite("Наборы без базы данных, которые CI не повторяет на PostgreSQL")
struct NoDatabaseSuitesTests {
    @Test("Каждый набор из списка .ci/run «no_database» не открывает ни приложения, ни базы")
    func listedSuitesNeverTouchADatabase() throws {
        let script = try String(contentsOfFile: packageRoot + ".ci/run", encoding: .utf8)
        let line = try #require(script.split(separator: "\n").first { $0.hasPrefix("no_database='") })
        let names = line.dropFirst("no_database='".count).prefix { $0 != "'" }.split(separator: "|").map(String.init)
        #expect(!names.isEmpty)
        let folder = packageRoot + "Tests/NastavnikAppTests/"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".swift") }
        for name in names {
            let sources = try files.map { try String(contentsOfFile: folder + $0, encoding: .utf8) }
                .filter { $0.contains("struct \(name) ") || $0.contains("extension \(name) ") }
            #expect(!sources.isEmpty, "набор \(name) из .ci/run не найден")
            for source in sources {
                for word in ["withTestApp", "withLiveServer", "Application.make", "Application(", ".db"] {
                    #expect(!source.contains(word), "\(name) использует «\(word)»: на PostgreSQL его надо прогонять")
                }
            }
        }
    }
}
