import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The tests start programs only through `ChildProcess` (see why there): one `Process()` left in a
/// suite brings back the crash that ended the CI run of 2026-12-06 once in a while.
@Suite("Запуск программ из тестов")
struct ChildProcessTests {
    @Test("Ни один тест не запускает программы через Foundation.Process")
    func noFoundationProcess() throws {
        let folder = packageRoot + "Tests/NastavnikAppTests/"
        let files = try #require(FileManager.default.enumerator(atPath: folder)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        #expect(files.count > 50)
        for file in files where file != "ChildProcessTests.swift" {
            let source = try String(contentsOfFile: folder + file, encoding: .utf8)
            #expect(!source.contains("Process()"), "\(file) запускает программу через Foundation.Process")
        }
    }

    @Test("Код выхода, вывод, ошибки, папка, окружение и ввод доходят до программы и обратно, и при тысяче открытых дескрипторов")
    func runsWithManyDescriptors() throws {
        // As many descriptors as the parallel suites hold at their peak; none reaches the child.
        let held = (0..<1_000).map { _ in open("/dev/null", O_RDONLY) }
        defer { held.forEach { close($0) } }
        let folder = NSTemporaryDirectory() + "child-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var environment = ProcessInfo.processInfo.environment
        environment["NASTAVNIK_CHILD"] = "привет"
        let script = "pwd; echo \"$NASTAVNIK_CHILD\"; ls /proc/self/fd | wc -l; echo ошибка >&2; exit 3"
        let result = try ChildProcess.run("/bin/sh", ["-c", script], in: folder, environment: environment)
        let lines = String(decoding: result.output, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(result.status == 3)
        #expect(lines.count == 3)
        #expect(lines.first.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path } == URL(fileURLWithPath: folder).resolvingSymlinksInPath().path)
        #expect(lines.dropFirst().first == "привет")
        // stdin, stdout, stderr and the one `ls` opens for /proc/self/fd.
        #expect(Int(lines.last ?? "") ?? 0 <= 5, "\(lines)")
        #expect(result.errors == "ошибка\n")

        let cat = try ChildProcess.start("/bin/sh", ["-c", "cat > \(folder)/got"], keepInput: true)
        #expect(cat.isRunning)
        cat.closeInput()
        #expect(cat.wait() == 0)
        #expect(!cat.isRunning)

        let sleeper = try ChildProcess.start("/bin/sleep", ["30"])
        sleeper.stop(within: 5)
        #expect(sleeper.terminationStatus == 128 + SIGTERM)
    }
}
