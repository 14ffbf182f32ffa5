import Foundation
import Testing
@testable import MentorMatching

/// The solvers against an optimum found another way: a textbook Hungarian algorithm over
/// seats (one column per seat of a mentor, one "no pair" column per mentee), on instances
/// too large for full enumeration, with many equal scores (as scores from questionnaires
/// have), groups and forbidden pairs.
@Suite("Оптимум совпадает с эталонным решением")
struct ReferenceOptimumTests {
    /// A random problem with ties: scores from a handful of values, capacities 0–4,
    /// candidate lists of varying length (or every pair), some forbidden pairs.
    func tiedProblem(seed: UInt64, objective: AssignmentObjective, dense: Bool) -> AssignmentProblem {
        var rng = SeededGenerator(seed: seed)
        let n = Int.random(in: 1...40, using: &rng)
        let m = Int.random(in: 1...14, using: &rng)
        let capacities = (0..<m).map { _ in Int.random(in: 0...4, using: &rng) }
        let values = [0, 25, 50, 60, 75, 84, 84, 91, 100]
        let candidates: CandidatePairs
        var allowed: [IndexPair] = []
        if dense {
            candidates = .dense((0..<(n * m)).map { _ in UInt8(values.randomElement(using: &rng)!) })
            for i in 0..<n { for j in 0..<m { allowed.append(IndexPair(mentee: i, mentor: j)) } }
        } else {
            var pairs: [ScoredPair] = []
            for i in 0..<n {
                // Popular mentors (low numbers) are on more lists.
                let listLength = Int.random(in: 0...min(m, 6), using: &rng)
                var chosen = Set<Int>()
                while chosen.count < listLength {
                    chosen.insert(min(Int.random(in: 0..<m, using: &rng), Int.random(in: 0..<m, using: &rng)))
                }
                for j in chosen.sorted() {
                    pairs.append(ScoredPair(mentee: i, mentor: j, score: values.randomElement(using: &rng)!))
                    allowed.append(IndexPair(mentee: i, mentor: j))
                }
            }
            candidates = .sparse(pairs)
        }
        let forbidden = allowed.filter { _ in Int.random(in: 0..<12, using: &rng) == 0 }
        return AssignmentProblem(
            menteeCount: n, capacities: capacities, candidates: candidates, objective: objective,
            forbiddenPairs: forbidden)
    }

    @Test("Разреженный случай с группами, равными баллами и запретами: как у эталона", arguments: 0..<150)
    func sparseAgainstReference(seed: Int) {
        expectOptimal({ tiedProblem(seed: UInt64(seed) + 60_000, objective: $0, dense: false) }, referenceOptimum)
    }

    @Test("Плотная матрица с группами, равными баллами и запретами: как у эталона", arguments: 0..<100)
    func denseAgainstReference(seed: Int) {
        expectOptimal({ tiedProblem(seed: UInt64(seed) + 70_000, objective: $0, dense: true) }, referenceOptimum)
    }

    @Test("Эталон сам совпадает с полным перебором на малых задачах", arguments: 0..<200)
    func referenceAgainstBruteForce(seed: Int) {
        for objective in AssignmentObjective.allCases {
            let problem = randomProblem(seed: UInt64(seed) + 80_000, objective: objective, dense: seed % 2 == 0)
            guard problem.fixedPairs.isEmpty else { continue }
            let reference = referenceOptimum(problem)
            let brute = bruteForceOptimum(problem)
            if objective == .maxMatchedThenScore { #expect(reference.matched == brute.matched) }
            #expect(reference.score == brute.score)
        }
    }

    @Test("Популярные наставники нарасхват: разреженный и плотный решатели дают один оптимум", arguments: 0..<20)
    func contestedMentors(seed: Int) {
        // Every mentee likes the first few mentors best, as with real questionnaires; seats
        // are as many as mentees, so whoever loses a popular mentor must move elsewhere.
        var rng = SeededGenerator(seed: UInt64(seed) + 90_000)
        let m = Int.random(in: 10...30, using: &rng)
        let capacity = Int.random(in: 1...5, using: &rng)
        let n = m * capacity
        var scores = [UInt8](repeating: 0, count: n * m)
        for i in 0..<n {
            for j in 0..<m {
                let appeal = max(0, 100 - 4 * j)
                scores[i * m + j] = UInt8(max(0, appeal - 10 * Int.random(in: 0...3, using: &rng)))
            }
        }
        var pairs: [ScoredPair] = []
        for i in 0..<n { for j in 0..<m { pairs.append(ScoredPair(mentee: i, mentor: j, score: Int(scores[i * m + j]))) } }
        let capacities = [Int](repeating: capacity, count: m)
        for objective in AssignmentObjective.allCases {
            let dense = AssignmentProblem(menteeCount: n, capacities: capacities, candidates: .dense(scores), objective: objective).solve()
            let sparse = AssignmentProblem(menteeCount: n, capacities: capacities, candidates: .sparse(pairs), objective: objective).solve()
            let reference = referenceOptimum(
                AssignmentProblem(menteeCount: n, capacities: capacities, candidates: .sparse(pairs), objective: objective))
            #expect(dense.totalScore == reference.score)
            #expect(sparse.totalScore == reference.score)
            if objective == .maxMatchedThenScore {
                #expect(dense.matchedCount == reference.matched && sparse.matchedCount == reference.matched)
            }
        }
    }
}

/// The optimum (matched, total score) by the Hungarian algorithm with potentials
/// (Kuhn–Munkres, O(n²·m)) on a mentees × (seats + "no pair" columns) cost matrix. It shares
/// no code with the library's solvers. Fixed pairs are not supported here.
func referenceOptimum(_ problem: AssignmentProblem) -> (matched: Int, score: Int) {
    let n = problem.menteeCount
    guard n > 0 else { return (0, 0) }
    let allowed = allowedPairs(problem)
    var seatMentor: [Int] = []
    for (j, capacity) in problem.capacities.enumerated() {
        for _ in 0..<min(max(capacity, 0), n) { seatMentor.append(j) }
    }
    let seats = seatMentor.count
    let columns = seats + n
    // An unmatched mentee costs the score 0 (maxScore) or more than all scores together.
    let unmatched = problem.objective == .maxScore ? 100 : 100 * (n + 1) + 1
    let never = 1_000_000_000
    func cost(_ i: Int, _ k: Int) -> Int {
        if k >= seats { return k - seats == i ? unmatched : never }
        guard let score = allowed[IndexPair(mentee: i, mentor: seatMentor[k])] else { return never }
        return 100 - score
    }
    let rowOfColumn = hungarianRowOfColumn(rows: n, columns: columns, cost: cost)
    var matched = 0
    var score = 0
    for k in stride(from: 1, through: seats, by: 1) where rowOfColumn[k] != 0 {
        let i = rowOfColumn[k] - 1
        let c = cost(i, k - 1)
        precondition(c < never, "the reference never uses a forbidden cell")
        matched += 1
        score += 100 - c
    }
    return (matched, score)
}

/// The Hungarian algorithm with potentials (Kuhn–Munkres, O(rows²·columns)) on a
/// `rows` × `columns` cost matrix (`rows` ≤ `columns`): for each column 1...columns, the
/// row (1-based) assigned to it in a minimum-cost assignment of every row, or 0.
func hungarianRowOfColumn(rows n: Int, columns: Int, cost: (Int, Int) -> Int) -> [Int] {
    // 1-based arrays as in the classic formulation; column 0 is the virtual start.
    var u = [Int](repeating: 0, count: n + 1)
    var v = [Int](repeating: 0, count: columns + 1)
    var rowOfColumn = [Int](repeating: 0, count: columns + 1)
    var way = [Int](repeating: 0, count: columns + 1)
    for i in 1...n {
        rowOfColumn[0] = i
        var j0 = 0
        var minimum = [Int](repeating: Int.max, count: columns + 1)
        var used = [Bool](repeating: false, count: columns + 1)
        repeat {
            used[j0] = true
            let i0 = rowOfColumn[j0]
            var delta = Int.max
            var j1 = 0
            for j in 1...columns where !used[j] {
                let reduced = cost(i0 - 1, j - 1) - u[i0] - v[j]
                if reduced < minimum[j] {
                    minimum[j] = reduced
                    way[j] = j0
                }
                if minimum[j] < delta {
                    delta = minimum[j]
                    j1 = j
                }
            }
            for j in 0...columns {
                if used[j] {
                    u[rowOfColumn[j]] += delta
                    v[j] -= delta
                } else {
                    minimum[j] -= delta
                }
            }
            j0 = j1
        } while rowOfColumn[j0] != 0
        repeat {
            let j1 = way[j0]
            rowOfColumn[j0] = rowOfColumn[j1]
            j0 = j1
        } while j0 != 0
    }
    return rowOfColumn
}
