import Testing
@testable import MentorMatching

@Suite("Оптимальное распределение с вместимостью")
struct AssignmentTests {
    /// Checks what every solution must satisfy, whatever the objective.
    func checkFeasible(_ problem: AssignmentProblem, _ solution: AssignmentSolution) {
        let allowed = allowedPairs(problem)
        let fixed = Dictionary(problem.fixedPairs.map { ($0.mentee, $0.mentor) }, uniquingKeysWith: { a, _ in a })
        var load = problem.capacities.map { _ in 0 }
        for (mentee, mentor) in solution.mentorOfMentee.enumerated() {
            if let j = fixed[mentee] { #expect(mentor == j, "закреплённая пара сохраняется") }
            guard let mentor else { continue }
            load[mentor] += 1
            if fixed[mentee] == nil {
                #expect(allowed[IndexPair(mentee: mentee, mentor: mentor)] != nil, "только допустимые пары")
                #expect(solution.scoreOfMentee[mentee] == allowed[IndexPair(mentee: mentee, mentor: mentor)])
            }
        }
        for j in load.indices { #expect(load[j] <= problem.capacities[j], "вместимость наставника соблюдена") }
        #expect(solution.matchedCount == solution.mentorOfMentee.compactMap { $0 }.count)
        #expect(solution.totalScore == solution.scoreOfMentee.reduce(0, +))
    }

    @Test("Максимум пар, затем максимум баллов — как полный перебор (разреженный случай)", arguments: 0..<400)
    func maxMatchedSparse(seed: Int) {
        let problem = randomProblem(seed: UInt64(seed), objective: .maxMatchedThenScore)
        let solution = problem.solve()
        checkFeasible(problem, solution)
        let best = bruteForceOptimum(problem)
        #expect(solution.matchedCount == best.matched)
        #expect(solution.totalScore == best.score)
    }

    @Test("Максимум баллов — как полный перебор (разреженный случай)", arguments: 0..<400)
    func maxScoreSparse(seed: Int) {
        let problem = randomProblem(seed: UInt64(seed) + 10_000, objective: .maxScore)
        let solution = problem.solve()
        checkFeasible(problem, solution)
        #expect(solution.totalScore == bruteForceOptimum(problem).score)
    }

    @Test("Плотная матрица оценок: оба критерия совпадают с перебором", arguments: 0..<300)
    func dense(seed: Int) {
        expectOptimal({ randomProblem(seed: UInt64(seed) + 20_000, objective: $0, dense: true) }, bruteForceOptimum)
    }

    @Test("Плотная и разреженная записи одной задачи дают один оптимум", arguments: 0..<100)
    func denseEqualsSparse(seed: Int) {
        var rng = SeededGenerator(seed: UInt64(seed) + 30_000)
        let n = Int.random(in: 1...25, using: &rng)
        let m = Int.random(in: 1...25, using: &rng)
        let scores = (0..<(n * m)).map { _ in UInt8.random(in: 0...100, using: &rng) }
        let capacities = (0..<m).map { _ in Int.random(in: 1...3, using: &rng) }
        var pairs: [ScoredPair] = []
        for i in 0..<n { for j in 0..<m { pairs.append(ScoredPair(mentee: i, mentor: j, score: Int(scores[i * m + j]))) } }
        for objective in AssignmentObjective.allCases {
            let dense = AssignmentProblem(menteeCount: n, capacities: capacities, candidates: .dense(scores), objective: objective).solve()
            let sparse = AssignmentProblem(menteeCount: n, capacities: capacities, candidates: .sparse(pairs), objective: objective).solve()
            #expect(dense.matchedCount == sparse.matchedCount)
            #expect(dense.totalScore == sparse.totalScore)
        }
    }

    @Test("Лишнего наставляемого не отдают ради баллов: сначала число пар")
    func matchedCountComesFirst() {
        // s0 scores 100 with t0 only; s1 can take t0 (10) or t1 (0). Max score alone
        // would leave the total the same either way, but both mentees must get a mentor.
        let problem = AssignmentProblem(
            menteeCount: 2, capacities: [1, 1],
            candidates: .sparse([
                ScoredPair(mentee: 0, mentor: 0, score: 100),
                ScoredPair(mentee: 1, mentor: 0, score: 90),
                ScoredPair(mentee: 1, mentor: 1, score: 0),
            ]))
        let solution = problem.solve()
        #expect(solution.mentorOfMentee == [0, 1])
        #expect(solution.totalScore == 100)
    }

    @Test("Наставник с группой берёт не больше мест, чем у него есть; остальные в списке без пары")
    func unmatchedAreListed() throws {
        let instance = MatchingInstance(
            mentors: [.init(id: "t1", capacity: 2)],
            mentees: [.init(id: "s1"), .init(id: "s2"), .init(id: "s3")],
            edges: [.init(mentee: "s1", mentor: "t1", score: 40), .init(mentee: "s2", mentor: "t1", score: 90),
                    .init(mentee: "s3", mentor: "t1", score: 70)])
        let result = try instance.solve()
        #expect(result.pairs.map(\.mentee) == ["s2", "s3"])
        #expect(result.unmatchedMentees == ["s1"])
        #expect(result.matchedCount == 2)
        #expect(result.totalScore == 160)
    }

    @Test("Запрещённая пара прошлого цикла не повторяется, закреплённая остаётся")
    func fixedAndForbidden() throws {
        let instance = MatchingInstance(
            mentors: [.init(id: "t1"), .init(id: "t2")],
            mentees: [.init(id: "s1"), .init(id: "s2")],
            edges: [.init(mentee: "s1", mentor: "t1", score: 100), .init(mentee: "s1", mentor: "t2", score: 20),
                    .init(mentee: "s2", mentor: "t1", score: 30), .init(mentee: "s2", mentor: "t2", score: 100)],
            fixedPairs: [.init(mentee: "s2", mentor: "t1")],
            forbiddenPairs: [.init(mentee: "s1", mentor: "t1")])
        let result = try instance.solve()
        #expect(result.pairs == [.init(mentee: "s1", mentor: "t2", score: 20), .init(mentee: "s2", mentor: "t1", score: 30)])
    }

    @Test("Одни и те же данные всегда дают один и тот же результат", arguments: 0..<30)
    func deterministic(seed: Int) {
        var rng = SeededGenerator(seed: UInt64(seed) + 40_000)
        let n = 60, m = 15
        var pairs: [ScoredPair] = []
        for i in 0..<n { for j in 0..<m where Int.random(in: 0..<4, using: &rng) == 0 {
            pairs.append(ScoredPair(mentee: i, mentor: j, score: Int.random(in: 0...3, using: &rng) * 25))
        } }
        let problem = AssignmentProblem(menteeCount: n, capacities: Array(repeating: 3, count: m), candidates: .sparse(pairs))
        let first = problem.solve()
        for _ in 0..<3 { #expect(problem.solve() == first) }
    }

    @Test("Пустые списки не ломают решатель")
    func emptyProblems() {
        #expect(AssignmentProblem(menteeCount: 0, capacities: [], candidates: .sparse([])).solve().matchedCount == 0)
        let noMentors = AssignmentProblem(menteeCount: 3, capacities: [], candidates: .sparse([])).solve()
        #expect(noMentors.mentorOfMentee == [nil, nil, nil])
        let zeroSeats = AssignmentProblem(menteeCount: 2, capacities: [0], candidates: .dense([50, 60])).solve()
        #expect(zeroSeats.matchedCount == 0)
    }

    @Test("LAPJV на квадратной матрице совпадает с перебором перестановок", arguments: 0..<200)
    func lapjv(seed: Int) {
        var rng = SeededGenerator(seed: UInt64(seed) + 50_000)
        let n = Int.random(in: 1...6, using: &rng)
        let cost = (0..<(n * n)).map { _ in Int32.random(in: 0...5, using: &rng) }
        let rowColumn = DenseAssignment.solve(cost: cost, size: n)
        #expect(Set(rowColumn).count == n)
        let total = rowColumn.enumerated().reduce(0) { $0 + Int(cost[$1.offset * n + $1.element]) }
        var best = Int.max
        func permute(_ row: Int, _ used: Set<Int>, _ sum: Int) {
            if row == n { best = min(best, sum); return }
            for j in 0..<n where !used.contains(j) { permute(row + 1, used.union([j]), sum + Int(cost[row * n + j])) }
        }
        permute(0, [], 0)
        #expect(total == best)
    }
}
