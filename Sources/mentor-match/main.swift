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

/// Writes the solve time alone (no file reading, no JSON) to standard error, for benchmarks.
func reportTiming(_ duration: Duration) {
    let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    FileHandle.standardError.write(Data("solve_seconds=\(String(format: "%.6f", seconds))\n".utf8))
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

        @Flag(help: "Print the solve time, without reading and decoding, to standard error.")
        var timing = false

        func run() throws {
            let instance = try load(try readInput(input))
            let clock = ContinuousClock()
            let start = clock.now
            let result = instance.solve()
            let elapsed = clock.now - start
            if timing { reportTiming(elapsed) }
            try writeOutput(result.jsonData(), to: output)
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
            let clock = ContinuousClock()
            let start = clock.now
            let timetable: SpeedMeetingTimetable
            do {
                timetable = try instance.timetable(slotMinutes: slotMinutes, sessionMinutes: sessionMinutes)
            } catch {
                throw CommandFailure(description: String(describing: error))
            }
            let elapsed = clock.now - start
            if timing { reportTiming(elapsed) }
            try writeOutput(timetable.jsonData(), to: output)
        }
    }
}

MentorMatch.main()
