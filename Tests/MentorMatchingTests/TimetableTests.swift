import Testing
@testable import MentorMatching

@Suite("Расписание быстрых встреч")
struct TimetableTests {
    func randomPairs(_ seed: UInt64) -> (n: Int, m: Int, pairs: [ScoredPair]) {
        var rng = SeededGenerator(seed: seed)
        let n = Int.random(in: 1...12, using: &rng)
        let m = Int.random(in: 1...12, using: &rng)
        var pairs: [ScoredPair] = []
        for i in 0..<n { for j in 0..<m where Int.random(in: 0..<3, using: &rng) > 0 {
            pairs.append(ScoredPair(mentee: i, mentor: j, score: Int.random(in: 0...100, using: &rng)))
        } }
        return (n, m, pairs)
    }

    @Test("Каждая пара встречается ровно раз, никто не занят дважды в раунде, раундов — максимальная степень", arguments: 0..<300)
    func roundsAreValidAndFewest(seed: Int) {
        let (n, m, scored) = randomPairs(UInt64(seed))
        let pairs = scored.map { IndexPair(mentee: $0.mentee, mentor: $0.mentor) }
        let rounds = SpeedMeetingRounds.rounds(menteeCount: n, mentorCount: m, pairs: pairs)
        var degree = [Int](repeating: 0, count: n + m)
        for p in pairs { degree[p.mentee] += 1; degree[n + p.mentor] += 1 }
        #expect(rounds.count == (degree.max() ?? 0))
        #expect(rounds.flatMap { $0 }.sorted() == Array(pairs.indices))
        for round in rounds {
            #expect(Set(round.map { pairs[$0].mentee }).count == round.count)
            #expect(Set(round.map { pairs[$0].mentor }).count == round.count)
        }
    }

    @Test("Все со всеми: 5 наставников и 8 наставляемых — 8 раундов по 7 минут")
    func everyoneMeetsEveryone() throws {
        let instance = MatchingInstance(
            mentors: (1...5).map { .init(id: "t\($0)") }, mentees: (1...8).map { .init(id: "s\($0)") })
        let timetable = try instance.validated().timetable(slotMinutes: 7)
        #expect(timetable.roundCount == 8)
        #expect(timetable.totalMinutes == 56)
        #expect(timetable.rounds.map(\.meetings.count).reduce(0, +) == 40)
        #expect(timetable.rounds.map(\.startMinute) == (0..<8).map { $0 * 7 })
    }

    @Test("Ограниченная сессия сохраняет пары с наибольшей суммой баллов", arguments: 0..<150)
    func sessionKeepsBestPairs(seed: Int) {
        var (n, m, pairs) = randomPairs(UInt64(seed) + 5_000)
        n = min(n, 4); m = min(m, 4)
        pairs = pairs.filter { $0.mentee < n && $0.mentor < m }
        let maxRounds = 1 + seed % 3
        let kept = SpeedMeetingRounds.bestPairs(menteeCount: n, mentorCount: m, pairs: pairs, maxRounds: maxRounds)
        var degree = [Int](repeating: 0, count: n + m)
        for k in kept { degree[pairs[k].mentee] += 1; degree[n + pairs[k].mentor] += 1 }
        #expect((degree.max() ?? 0) <= maxRounds)
        // Brute force over all subsets of at most 16 pairs.
        var best = 0
        for mask in 0..<(1 << pairs.count) {
            var d = [Int](repeating: 0, count: n + m)
            var total = 0
            var ok = true
            for k in pairs.indices where mask & (1 << k) != 0 {
                d[pairs[k].mentee] += 1; d[n + pairs[k].mentor] += 1
                total += pairs[k].score
                if d[pairs[k].mentee] > maxRounds || d[n + pairs[k].mentor] > maxRounds { ok = false; break }
            }
            if ok { best = max(best, total) }
        }
        #expect(kept.reduce(0) { $0 + pairs[$1].score } == best)
    }

    @Test("Сессия 30 минут по 10 минут — не больше трёх раундов, лишние пары перечислены")
    func limitedSession() throws {
        let instance = MatchingInstance(
            mentors: (1...4).map { .init(id: "t\($0)") }, mentees: (1...4).map { .init(id: "s\($0)") })
        let timetable = try instance.validated().timetable(slotMinutes: 10, sessionMinutes: 30)
        #expect(timetable.roundCount == 3)
        #expect(timetable.droppedPairs.count == 4)
        #expect(timetable.rounds.map(\.meetings.count).reduce(0, +) == 12)
    }

    @Test("Длительность встречи вне 5–10 минут отклоняется")
    func slotLength() throws {
        let instance = try MatchingInstance(mentors: [.init(id: "t1")], mentees: [.init(id: "s1")]).validated()
        #expect(throws: TimetableError.slotOutOfRange(15)) { try instance.timetable(slotMinutes: 15) }
        #expect(throws: TimetableError.sessionTooShort(sessionMinutes: 4, slotMinutes: 5)) {
            try instance.timetable(slotMinutes: 5, sessionMinutes: 4)
        }
    }
}
