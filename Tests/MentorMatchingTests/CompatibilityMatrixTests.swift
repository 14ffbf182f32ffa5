import Testing
@testable import MentorMatching

@Suite("Оценки многих пар сразу")
struct CompatibilityMatrixTests {
    /// A small seeded generator, so a failure names an instance that can be replayed.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        mutating func some<T>(_ values: [T], upTo count: Int) -> [T] {
            (0..<next(count + 1)).map { _ in values[next(values.count)] }
        }
    }

    static let terms = ["Адаптация", "адаптация в классе", "буллинг", "ОГЭ", "подготовка к ОГЭ", "математика", "алгебра 8 класс",
                        "шахматы", "театр", "олимпиады", "ёлка", "елка", "", "  профориентация  "]

    @Test("Совпадают с подробной оценкой каждой пары при любых весах и обязательных критериях", arguments: 1...40)
    func sameAsDetailedScore(seed: Int) {
        var random = Generator(state: UInt64(seed) &* 7919)
        let times = (1...3).flatMap { day in DayPart.allCases.map { MeetingTime(weekday: day, dayPart: $0) } }
        let mentors = (0..<6).map { index in
            MentorProfile(
                id: "t\(index)", competencies: random.some(Self.terms, upTo: 3), subjects: random.some(Self.terms, upTo: 2),
                interests: random.some(Self.terms, upTo: 2), lifeExperience: random.some(Self.terms, upTo: 2),
                preferredMenteeAge: random.next(3) == 0 ? nil : AgeRange(minimum: 10 + random.next(5), maximum: 12 + random.next(8)),
                hoursPerWeek: random.next(3) == 0 ? nil : Double(random.next(6)),
                meetingTimes: random.some(times, upTo: 3), meetingPlace: random.some(MeetingPlace.allCases, upTo: 1).first,
                forms: random.some(MentoringForm.allCases, upTo: 2), roleModels: random.some(RoleModel.allCases, upTo: 2),
                capacity: random.next(4))
        }
        let mentees = (0..<7).map { index in
            MenteeProfile(
                id: "s\(index)", requests: random.some(Self.terms, upTo: 3), subjects: random.some(Self.terms, upTo: 2),
                interests: random.some(Self.terms, upTo: 2), age: random.next(4) == 0 ? nil : 9 + random.next(12),
                availability: random.some(times, upTo: 3), meetingPlace: random.some(MeetingPlace.allCases, upTo: 1).first,
                form: random.some(MentoringForm.allCases, upTo: 1).first, roleModel: random.some(RoleModel.allCases, upTo: 1).first,
                hoursPerWeekNeeded: random.next(2) == 0 ? nil : Double(random.next(3)))
        }
        var weights = ScoringWeights([:])
        for criterion in Criterion.allCases {
            weights = weights.with(criterion, weight: random.next(11), required: random.next(5) == 0)
        }

        var expected: [ScoredPair] = []
        for (i, mentee) in mentees.enumerated() {
            for (j, mentor) in mentors.enumerated() {
                let detailed = Compatibility.score(mentor: mentor, mentee: mentee, weights: weights)
                if detailed.allowed { expected.append(ScoredPair(mentee: i, mentor: j, score: detailed.score)) }
            }
        }
        #expect(Compatibility.allowedScores(mentors: mentors, mentees: mentees, weights: weights) == expected)
    }
}
