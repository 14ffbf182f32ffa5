import ArgumentParser
import Foundation
import MentorMatching

/// `mentor-match`: the MentorMatching library over JSON files, for scripts and for
/// comparing with other solvers. See Benchmarks/matching/README.md for the formats.
struct MentorMatch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mentor-match",
        abstract: "Exact pairing of mentors and mentees and speed-meeting timetables.",
        subcommands: [Solve.self, Timetable.self])
}

/// A failure reported to the user with its message and a non-zero exit status.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
}

func readInput(_ path: String) throws -> Data {
    do {
        return try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
        throw CommandFailure(description: "Не удалось прочитать «\(path)»: \(error.localizedDescription)")
    }
}

func writeOutput(_ data: Data, to path: String?) throws {
    guard let path else {
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
        return
    }
    do {
        try data.write(to: URL(fileURLWithPath: path))
    } catch {
        throw CommandFailure(description: "Не удалось записать «\(path)»: \(error.localizedDescription)")
    }
}

func load(_ data: Data) throws -> ValidatedInstance {
    do {
        return try MatchingInstance.load(json: data)
    } catch {
        throw CommandFailure(description: String(describing: error))
    }
}

/// CPU time of the calling thread: unlike wall time, it does not grow when other
/// processes share the cores, so benchmarks stay comparable on a busy machine.
func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
}

/// Measures `body` and, when asked, writes its wall and CPU time to standard error as
/// `<name>_seconds=… <name>_cpu_seconds=…`, for benchmarks.
func measured<T>(_ enabled: Bool, _ name: String, _ body: () throws -> T) rethrows -> T {
    let clock = ContinuousClock()
    let cpuStart = threadCPUSeconds()
    let start = clock.now
    let value = try body()
    let elapsed = clock.now - start
    let cpu = threadCPUSeconds() - cpuStart
    if enabled {
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let line = "\(name)_seconds=\(String(format: "%.6f", wall)) \(name)_cpu_seconds=\(String(format: "%.6f", cpu))\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
    return value
}

extension MentorMatch {
    /// `mentor-match solve --input instance.json [--output result.json] [--timing]`
    struct Solve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pair mentees with mentors: exact optimum or stable matching.")

        @Option(help: "Instance JSON file.")
        var input: String

        @Option(help: "Where to write the result JSON (standard output when omitted).")
        var output: String?

        @Flag(help: "Print to standard error the time of reading and decoding the file (decode), of the solve alone (solve) and of writing the result (write).")
        var timing = false

        func run() throws {
            let instance = try measured(timing, "decode") { try load(try readInput(input)) }
            let result = measured(timing, "solve") { instance.solve() }
            try measured(timing, "write") { try writeOutput(result.jsonData(), to: output) }
        }
    }

    /// `mentor-match timetable --input instance.json --slot-minutes 7 [--session-minutes 60]`
    ///
    /// Reads the same instance format as `solve` (its `objective` and preference lists are
    /// ignored). Without `edges` every mentee meets every mentor; with `edges` only the
    /// listed pairs meet. With `--session-minutes` the session gets at most
    /// `session ÷ slot` rounds and keeps the pairs with the highest total score.
    /// Writes `{"slotMinutes", "roundCount", "totalMinutes", "rounds": [{"number",
    /// "startMinute", "meetings": [{"mentee", "mentor", "score"}]}], "droppedPairs"}`.
    struct Timetable: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Speed-meeting rounds for «Mentor Match» with the fewest rounds.")

        @Option(help: "Instance JSON file (mentors, mentees, optional edges).")
        var input: String

        @Option(help: "Where to write the timetable JSON (standard output when omitted).")
        var output: String?

        @Option(help: "Length of one meeting, 5–10 minutes.")
        var slotMinutes: Int = 7

        @Option(help: "Total length of the session in minutes; keeps the best-scored pairs.")
        var sessionMinutes: Int?

        @Flag(help: "Print the solve time to standard error.")
        var timing = false

        func run() throws {
            let instance = try load(try readInput(input))
            let timetable = try measured(timing, "solve") {
                do {
                    return try instance.timetable(slotMinutes: slotMinutes, sessionMinutes: sessionMinutes)
                } catch {
                    throw CommandFailure(description: String(describing: error))
                }
            }
            try writeOutput(timetable.jsonData(), to: output)
        }
    }
}

MentorMatch.main()
