import Testing
@testable import MentorMatching

@Suite("Mentor Match: устойчивое распределение по взаимным предпочтениям")
struct StableMatchingTests {
    @Test("Нет блокирующих пар, вместимость соблюдена, пары только взаимные", arguments: 0..<500)
    func stableAndFeasible(seed: Int) {
        let problem = randomPreferences(seed: UInt64(seed))
        let solution = problem.solve()
        #expect(blockingPairs(problem, solution.mentorOfMentee).isEmpty)
        for (mentee, mentor) in solution.mentorOfMentee.enumerated() {
            guard let mentor else { continue }
            #expect(problem.menteePreferences[mentee].contains(mentor), "наставляемый выбрал наставника")
            #expect(problem.mentorPreferences[mentor].contains(mentee), "наставник выбрал наставляемого")
        }
        for mentor in problem.capacities.indices {
            let load = solution.mentorOfMentee.filter { $0 == mentor }.count
            #expect(load <= problem.capacities[mentor])
        }
    }

    @Test("Каждый наставляемый получает лучшего наставника среди всех устойчивых распределений", arguments: 0..<300)
    func menteeOptimal(seed: Int) {
        let problem = randomPreferences(seed: UInt64(seed) + 1_000)
        let solution = problem.solve()
        let all = allStableMatchings(problem)
        #expect(all.contains(solution.mentorOfMentee))
        for mentee in problem.menteePreferences.indices {
            let list = problem.menteePreferences[mentee]
            func rank(_ mentor: Int?) -> Int { mentor.flatMap { list.firstIndex(of: $0) } ?? list.count }
            let bestAnywhere = all.map { rank($0[mentee]) }.min() ?? list.count
            #expect(rank(solution.mentorOfMentee[mentee]) == bestAnywhere)
        }
    }

    @Test("Пара не формируется без согласия обеих сторон")
    func oneSidedWishIsNotAPair() throws {
        let instance = MatchingInstance(
            objective: .stable, mentors: [.init(id: "t1")], mentees: [.init(id: "s1")],
            menteePreferences: ["s1": ["t1"]], mentorPreferences: ["t1": []])
        let result = try instance.solve()
        #expect(result.pairs.isEmpty)
        #expect(result.unmatchedMentees == ["s1"])
    }

    @Test("Совпавшие желания: оба назвали друг друга первыми")
    func coincidingWishes() throws {
        let instance = MatchingInstance(
            objective: .stable,
            mentors: [.init(id: "t1"), .init(id: "t2")],
            mentees: [.init(id: "s1"), .init(id: "s2"), .init(id: "s3")],
            edges: [.init(mentee: "s1", mentor: "t1", score: 80)],
            menteePreferences: ["s1": ["t1", "t2"], "s2": ["t1"], "s3": ["t2", "t1"]],
            mentorPreferences: ["t1": ["s1", "s2"], "t2": ["s2", "s3", "s1"]])
        let result = try instance.solve()
        #expect(result.coincidingWishes == [.init(mentee: "s1", mentor: "t1")])
        #expect(result.pairs == [.init(mentee: "s1", mentor: "t1", score: 80), .init(mentee: "s3", mentor: "t2", score: 0)])
        #expect(result.unmatchedMentees == ["s2"])
    }

    @Test("Наставник с группой держит лучших из предложивших")
    func mentorKeepsPreferredMentees() throws {
        let instance = MatchingInstance(
            objective: .stable,
            mentors: [.init(id: "t1", capacity: 2)],
            mentees: [.init(id: "s1"), .init(id: "s2"), .init(id: "s3")],
            menteePreferences: ["s1": ["t1"], "s2": ["t1"], "s3": ["t1"]],
            mentorPreferences: ["t1": ["s3", "s1", "s2"]])
        let result = try instance.solve()
        #expect(Set(result.pairs.map(\.mentee)) == ["s1", "s3"])
        #expect(result.unmatchedMentees == ["s2"])
    }
}
