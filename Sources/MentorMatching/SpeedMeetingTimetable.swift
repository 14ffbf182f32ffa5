#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The timetable of a «Mentor Match» session (быстрые встречи): in each round every
/// person meets at most one other, and the rounds are as few as possible.
public struct SpeedMeetingTimetable: Codable, Sendable, Equatable {
    public struct Meeting: Codable, Sendable, Equatable {
        public var mentee: String
        public var mentor: String
        /// The pair's compatibility score when the instance lists edges.
        public var score: Int?
    }

    public struct Round: Codable, Sendable, Equatable {
        /// 1-based round number.
        public var number: Int
        /// Minutes from the start of the session.
        public var startMinute: Int
        /// Meetings of the round, in mentee order.
        public var meetings: [Meeting]
    }

    public var slotMinutes: Int
    public var roundCount: Int
    public var totalMinutes: Int
    public var rounds: [Round]
    /// Pairs that did not fit into a session of limited length.
    public var droppedPairs: [MatchingInstance.PairRef]

    /// The timetable as JSON with sorted keys.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return (try? encoder.encode(self)) ?? Data()
    }
}

/// Why a timetable cannot be made; `description` is a Russian sentence.
public enum TimetableError: Error, Equatable, Sendable, CustomStringConvertible {
    case slotOutOfRange(Int)
    case sessionTooShort(sessionMinutes: Int, slotMinutes: Int)

    public var description: String {
        switch self {
        case .slotOutOfRange(let minutes):
            return "Длительность встречи \(minutes) мин, а должна быть от 5 до 10 минут"
        case .sessionTooShort(let session, let slot):
            return "Сессия \(session) мин короче одной встречи (\(slot) мин)"
        }
    }
}

extension ValidatedInstance {
    /// Rounds in which every allowed pair meets once (every mentee with every mentor when
    /// the instance lists no edges), in the fewest rounds: the largest number of meetings
    /// of one person.
    ///
    /// - Parameters:
    ///   - slotMinutes: length of one meeting, 5–10 minutes (seed 000).
    ///   - sessionMinutes: when given, at most `sessionMinutes / slotMinutes` rounds; the
    ///     pairs kept are those with the largest total score, the rest are listed as dropped.
    public func timetable(slotMinutes: Int, sessionMinutes: Int? = nil) throws(TimetableError) -> SpeedMeetingTimetable {
        guard (5...10).contains(slotMinutes) else { throw .slotOutOfRange(slotMinutes) }
        var pairs: [ScoredPair] = []
        var hasScores = true
        switch assignment.candidates {
        case .sparse(let edges) where !edges.isEmpty:
            pairs = edges
        case .sparse:
            hasScores = false
            for mentee in menteeIds.indices {
                for mentor in mentorIds.indices { pairs.append(ScoredPair(mentee: mentee, mentor: mentor, score: 0)) }
            }
        case .dense(let scores):
            for mentee in menteeIds.indices {
                for mentor in mentorIds.indices {
                    pairs.append(ScoredPair(mentee: mentee, mentor: mentor, score: Int(scores[mentee * mentorIds.count + mentor])))
                }
            }
        }
        let forbidden = Set(assignment.forbiddenPairs)
        pairs = pairs.filter { !forbidden.contains(IndexPair(mentee: $0.mentee, mentor: $0.mentor)) }
        // A fixed order of pairs makes the same input give the same rounds.
        pairs.sort { ($0.mentee, $0.mentor) < ($1.mentee, $1.mentor) }

        var dropped: [MatchingInstance.PairRef] = []
        if let sessionMinutes {
            guard sessionMinutes >= slotMinutes else {
                throw .sessionTooShort(sessionMinutes: sessionMinutes, slotMinutes: slotMinutes)
            }
            let kept = SpeedMeetingRounds.bestPairs(
                menteeCount: menteeIds.count, mentorCount: mentorIds.count, pairs: pairs,
                maxRounds: sessionMinutes / slotMinutes)
            var keep = [Bool](repeating: false, count: pairs.count)
            for index in kept { keep[index] = true }
            for (index, pair) in pairs.enumerated() where !keep[index] {
                dropped.append(.init(mentee: menteeIds[pair.mentee], mentor: mentorIds[pair.mentor]))
            }
            pairs = kept.map { pairs[$0] }
        }
        let rounds = SpeedMeetingRounds.rounds(
            menteeCount: menteeIds.count, mentorCount: mentorIds.count,
            pairs: pairs.map { IndexPair(mentee: $0.mentee, mentor: $0.mentor) })
        let timetableRounds = rounds.enumerated().map { number, meetings in
            SpeedMeetingTimetable.Round(
                number: number + 1, startMinute: number * slotMinutes,
                meetings: meetings.sorted().map { index in
                    let pair = pairs[index]
                    return .init(mentee: menteeIds[pair.mentee], mentor: mentorIds[pair.mentor], score: hasScores ? pair.score : nil)
                })
        }
        return SpeedMeetingTimetable(
            slotMinutes: slotMinutes, roundCount: rounds.count, totalMinutes: rounds.count * slotMinutes,
            rounds: timetableRounds, droppedPairs: dropped)
    }
}
