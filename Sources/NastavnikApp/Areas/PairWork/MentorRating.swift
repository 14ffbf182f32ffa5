import Fluent
import Foundation

/// Points for the rating of mentors (seed 003, «Итоговая встреча»: the curator collects the
/// activities and achievements «для подсчета баллов», used for the rating of mentors and teams).
/// The points come from what the pairs recorded, by rules shown to everyone on the completion
/// page, so a mentor can see why they have their place.
enum MentorRating {
    /// The rules, in the order they are shown.
    enum Rule: String, CaseIterable, Sendable {
        case meetingHeld, meetingReflected, goalReached, resultMajor, resultExam, resultOther, cycleCompleted, highCloseness

        var points: Int {
            switch self {
            case .meetingHeld: 1
            case .meetingReflected: 1
            case .goalReached: 3
            case .resultMajor: 5
            case .resultExam: 3
            case .resultOther: 2
            case .cycleCompleted: 5
            case .highCloseness: 3
            }
        }

        var russianName: String {
            switch self {
            case .meetingHeld: "Состоявшаяся встреча"
            case .meetingReflected: "Встреча с рефлексией обеих сторон"
            case .goalReached: "Достигнутая цель карты целей (100 %)"
            case .resultMajor: "Проект, методическая разработка, открытый урок, публикация, олимпиада, конкурс"
            case .resultExam: "Результат экзамена, аттестации"
            case .resultOther: "Другой промежуточный результат"
            case .cycleCompleted: "Цикл завершён итоговой встречей (завершение или продолжение)"
            case .highCloseness: "Наставляемые оценили приближение к цели в среднем на 8 и выше из 10"
            }
        }
    }

    struct Line: Encodable, Sendable {
        let rule: String
        let count: Int
        let points: Int
        /// `Rule`'s code, for the API (`rule` is its Russian name).
        var code = ""
    }

    struct Entry: Encodable, Sendable {
        let mentorID: UUID
        let mentorName: String
        let pairs: Int
        let points: Int
        let lines: [Line]
    }

    /// What one pair did, gathered from the database.
    struct PairFacts: Sendable {
        var mentorID: UUID
        var mentorName: String
        var heldMeetings = 0
        var reflectedMeetings = 0
        var goalsReached = 0
        var results: [ResultKind] = []
        var completedCycles = 0
        var menteeCloseness: [Int] = []
    }

    static func ruleCounts(_ facts: PairFacts) -> [Rule: Int] {
        var counts: [Rule: Int] = [
            .meetingHeld: facts.heldMeetings, .meetingReflected: facts.reflectedMeetings, .goalReached: facts.goalsReached,
            .cycleCompleted: facts.completedCycles,
        ]
        for kind in facts.results {
            let rule: Rule = switch kind {
            case .examResult: .resultExam
            case .other: .resultOther
            default: .resultMajor
            }
            counts[rule, default: 0] += 1
        }
        if !facts.menteeCloseness.isEmpty && Double(facts.menteeCloseness.reduce(0, +)) / Double(facts.menteeCloseness.count) >= 8 {
            counts[.highCloseness] = 1
        }
        return counts
    }

    /// Mentors by points, highest first; a mentor with several pairs sums them.
    static func rank(_ pairs: [PairFacts]) -> [Entry] {
        Dictionary(grouping: pairs, by: \.mentorID).map { mentorID, pairs in
            var counts: [Rule: Int] = [:]
            for pair in pairs { counts.merge(ruleCounts(pair), uniquingKeysWith: +) }
            let lines = Rule.allCases.compactMap { rule in
                counts[rule].flatMap { $0 > 0 ? Line(rule: rule.russianName, count: $0, points: $0 * rule.points, code: rule.rawValue) : nil }
            }
            return Entry(mentorID: mentorID, mentorName: pairs[0].mentorName, pairs: pairs.count, points: lines.reduce(0) { $0 + $1.points }, lines: lines)
        }
        .sorted { ($1.points, $0.mentorName) < ($0.points, $1.mentorName) }
    }

    /// Gathers the facts of every formed or finished pair of a program: a handful of queries
    /// whatever the number of pairs.
    static func facts(programID: UUID, on db: any Database) async throws -> [PairFacts] {
        let pairings = try await Pairing.query(on: db).filter(\.$program.$id == programID).filter(\.$status ~~ [.formed, .finished])
            .with(\.$mentor).with(\.$members).all()
        guard !pairings.isEmpty else { return [] }
        let ids = pairings.map { $0.id! }
        let meetings = try await PairMeeting.query(on: db).filter(\.$pairing.$id ~~ ids).filter(\.$status == .held).all()
        let reflections = meetings.isEmpty ? [] : try await MeetingReflection.query(on: db).filter(\.$meeting.$id ~~ meetings.map { $0.id! }).all()
        let sidesByMeeting = Dictionary(grouping: reflections, by: { $0.$meeting.id }).mapValues { Set($0.map(\.side)) }
        let goals = try await PairGoal.query(on: db).filter(\.$pairing.$id ~~ ids).filter(\.$progress >= 100).all()
        let results = try await PairResult.query(on: db).filter(\.$programID == programID).field(\.$id).field(\.$pairing.$id).field(\.$kind).all()
        let closures = try await PairClosure.query(on: db).filter(\.$programID == programID).filter(\.$decision ~~ [.continue, .finish]).all()
        let answers = try await FinalAnswer.query(on: db).filter(\.$programID == programID).filter(\.$side == .mentee).all()
        return pairings.map { pairing in
            let id = pairing.id!
            let held = meetings.filter { $0.$pairing.id == id }
            return PairFacts(
                mentorID: pairing.$mentor.id, mentorName: pairing.mentor.fullName, heldMeetings: held.count,
                reflectedMeetings: held.filter { sidesByMeeting[$0.id!]?.count == 2 }.count,
                goalsReached: goals.filter { $0.$pairing.id == id }.count,
                results: results.filter { $0.$pairing.id == id }.map(\.kind),
                completedCycles: closures.filter { $0.$pairing.id == id }.count,
                menteeCloseness: answers.filter { $0.$pairing.id == id }.map(\.closeness))
        }
    }
}
