import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program a test starts: the built server, LibreOffice, pdftotext, a QR decoder, the SMTP sink.
///
/// Not Foundation's `Process`: on Linux its `run()` looks for the highest open descriptor by copying
/// 256 bytes of every entry of /proc/self/fd, past the end of the short entries; with the ~1,600
/// descriptors the parallel suites hold at once, the copy sometimes reaches an unmapped page and
/// the whole test process dies with SIGSEGV (swift-corelibs-foundation#5472; it ended a CI run on
/// 2026-12-06). This starts the program with `posix_spawn`, which reads nothing of the kind, and
/// closes every descriptor above stderr in the child, so no child holds another test's socket.
final class ChildProcess: @unchecked Sendable {
    struct SpawnError: Error, CustomStringConvertible {
        let executable: String
        let code: Int32
        var description: String { "не удалось запустить \(executable): \(String(cString: strerror(code)))" }
    }

    let pid: pid_t
    private let lock = NSLock()
    private var exitStatus: Int32?
    /// The write end of the child's stdin, when the test keeps it (closing it is the sink's signal to stop).
    private var input: Int32?

    private init(pid: pid_t, input: Int32?) {
        self.pid = pid
        self.input = input
    }

    /// Starts `executable` (a path, or a name looked up in PATH). Standard output and standard error go
    /// to the files named (appended to, created if missing; the same path for both shares one
    /// descriptor), or nowhere. With `keepInput` the child reads stdin from a pipe the test holds.
    static func start(_ executable: String, _ arguments: [String], in folder: String? = nil,
                      environment: [String: String] = ProcessInfo.processInfo.environment,
                      output: String? = nil, errors: String? = nil, keepInput: Bool = false) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }

        var pipeEnds: [Int32] = [-1, -1]
        if keepInput {
            guard pipe(&pipeEnds) == 0 else { throw SpawnError(executable: executable, code: errno) }
            // Another test's child started between pipe() and here still closes it (closefrom below).
            _ = fcntl(pipeEnds[1], F_SETFD, FD_CLOEXEC)
            posix_spawn_file_actions_adddup2(&actions, pipeEnds[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        let writeFlags = O_WRONLY | O_CREAT | O_APPEND
        posix_spawn_file_actions_addopen(&actions, 1, output ?? "/dev/null", writeFlags, 0o644)
        if let errors, errors == output {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, errors ?? "/dev/null", writeFlags, 0o644)
        }
        if let folder { _ = Self.addChdir(&actions, folder) }
        _ = Self.addCloseFrom(&actions, 3)

        // The child starts with no blocked and no ignored signals: the test's threads block some
        // (SIGTERM among them), and the child would inherit that and never stop on `stop()`.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let code = posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
        if keepInput { close(pipeEnds[0]) }
        guard code == 0 else {
            if keepInput { close(pipeEnds[1]) }
            throw SpawnError(executable: executable, code: code)
        }
        return ChildProcess(pid: pid, input: keepInput ? pipeEnds[1] : nil)
    }

    /// Runs a program to its end: its exit code, standard output and standard error.
    static func run(_ executable: String, _ arguments: [String], in folder: String? = nil,
                    environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (status: Int32, output: Data, errors: String) {
        let base = NSTemporaryDirectory() + "child-\(UUID().uuidString)"
        defer {
            unlink(base + ".out")
            unlink(base + ".err")
        }
        let child = try start(executable, arguments, in: folder, environment: environment, output: base + ".out", errors: base + ".err")
        let status = child.wait()
        let output = FileManager.default.contents(atPath: base + ".out") ?? Data()
        let errors = String(decoding: FileManager.default.contents(atPath: base + ".err") ?? Data(), as: UTF8.self)
        return (status, output, errors)
    }

    /// Waits for the end: the exit code, or 128 + the signal that ended it.
    @discardableResult
    func wait() -> Int32 {
        var raw: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(pid, &raw, 0) } while result == -1 && errno == EINTR
        return record(result == pid ? raw : nil)
    }

    var isRunning: Bool {
        lock.lock()
        let known = exitStatus != nil
        lock.unlock()
        if known { return false }
        var raw: Int32 = 0
        let result = waitpid(pid, &raw, WNOHANG)
        if result == 0 { return true }
        record(result == pid ? raw : nil)
        return false
    }

    /// The exit status once the program ended (see `wait`).
    var terminationStatus: Int32 { wait() }

    func signal(_ number: Int32) { _ = kill(pid, number) }

    /// SIGTERM, then SIGKILL if it has not ended within `seconds`; waits for the end.
    func stop(within seconds: Double = 10) {
        guard isRunning else { return }
        signal(SIGTERM)
        let deadline = Date().addingTimeInterval(seconds)
        while isRunning, Date() < deadline { usleep(50_000) }
        if isRunning { signal(SIGKILL) }
        wait()
    }

    /// Closes the child's stdin (it reads end of file).
    func closeInput() {
        lock.lock()
        defer { lock.unlock() }
        if let input { close(input) }
        input = nil
    }

    /// Keeps the first status seen; a second `waitpid` (after another thread reaped the child) sees none.
    @discardableResult
    private func record(_ raw: Int32?) -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        if let exitStatus { return exitStatus }
        guard let raw else { return -1 }
        let signal = raw & 0x7f
        let status = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
        exitStatus = status
        return status
    }

    // glibc has both (2.29 and 2.34) but the Glibc module does not import them (they are _GNU_SOURCE).
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private static let addChdir: AddChdir = unsafeBitCast(symbol("posix_spawn_file_actions_addchdir_np"), to: AddChdir.self)
    private static let addCloseFrom: AddCloseFrom = unsafeBitCast(symbol("posix_spawn_file_actions_addclosefrom_np"), to: AddCloseFrom.self)

    private static func symbol(_ name: String) -> UnsafeMutableRawPointer {
        guard let pointer = dlsym(dlopen(nil, RTLD_NOW), name) else { fatalError("в glibc нет \(name) (нужна версия 2.34 или новее)") }
        return pointer
    }
}
