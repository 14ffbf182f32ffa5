import Testing
@testable import MentorMatching

/// The dense solver when many rows share the columns' best scores: then a greedy matching
/// on the column minima replaces LAPJV's column reduction, and the later phases (augmenting
/// row reduction, shortest augmenting paths) finish from what it leaves.
@Suite("LAPJV на плотных квадратах с множеством равных лучших оценок")
struct DenseAssignmentTests {
    /// A square of scores where half the rows hold six or more 100s and the others at most
    /// two, all in columns `0..<reach`: each 100 ties at its column's best, three per row on
    /// average (the greedy start), while a row with a single 100 has nothing else at 0 and
    /// transfers its slack. With `reach` below `n`, only that many rows can score 100 and the
    /// rest must be settled by the later phases. Other cells are drawn from `others`.
    func tiedSquare(seed: UInt64) -> (n: Int, scores: [UInt8]) {
        var rng = SeededGenerator(seed: seed)
        let n = Int.random(in: 24...48, using: &rng)
        let reach = [n, n, n / 2, n / 4].randomElement(using: &rng)!
        let others: [UInt8] = [
            Array(0...100), Array(0...90), [84, 91, 100], [0, 50, 60, 84, 84, 91],
        ].randomElement(using: &rng)!
        var scores = (0..<(n * n)).map { _ in others.randomElement(using: &rng)! }
        let many = Set((0..<n).shuffled(using: &rng).prefix((n + 1) / 2))
        for i in 0..<n {
            let count = many.contains(i) ? Int.random(in: 6...reach, using: &rng) : Int.random(in: 0...2, using: &rng)
            for j in Array(0..<reach).shuffled(using: &rng).prefix(count) { scores[i * n + j] = 100 }
        }
        return (n, scores)
    }

    /// How many cells of the first rows (at most 64) equal their column's best: the solver
    /// takes the greedy start when there are at least three per row.
    func tiesAtColumnBest(_ scores: [UInt8], _ n: Int) -> (tied: Int, rows: Int) {
        let best = (0..<n).map { j in (0..<n).map { scores[$0 * n + j] }.max()! }
        let rows = min(n, 64)
        var tied = 0
        for i in 0..<rows { for j in 0..<n where scores[i * n + j] == best[j] { tied += 1 } }
        return (tied, rows)
    }

    /// The total score of an assignment, after checking it gives each row its own column.
    func total(_ rowColumn: [Int], _ scores: [UInt8], _ n: Int) -> Int {
        #expect(rowColumn.count == n && Set(rowColumn).count == n && rowColumn.allSatisfy { (0..<n).contains($0) })
        return rowColumn.enumerated().reduce(0) { $0 + Int(scores[$1.offset * n + $1.element]) }
    }

    @Test("Много лучших наставников у каждого: оптимум как у венгерского алгоритма, на оценках и на стоимостях", arguments: 0..<200)
    func greedyStartIsExact(seed: Int) {
        let (n, scores) = tiedSquare(seed: UInt64(seed) + 110_000)
        let ties = tiesAtColumnBest(scores, n)
        #expect(ties.tied >= 3 * ties.rows, "задача идёт через жадное назначение на минимумах")
        let rowOfColumn = hungarianRowOfColumn(rows: n, columns: n) { 100 - Int(scores[$0 * n + $1]) }
        let optimum = (1...n).reduce(0) { $0 + Int(scores[(rowOfColumn[$1] - 1) * n + ($1 - 1)]) }

        #expect(total(DenseAssignment.solve(scores: scores, size: n), scores, n) == optimum)
        let cost = scores.map { 100 - Int32($0) }
        #expect(total(DenseAssignment.solve(cost: cost, size: n), scores, n) == optimum)
        // 64-bit potentials, as for costs too large for 32 bits.
        #expect(total(DenseAssignment.solve(cost: cost, size: n, largestCost: Int(Int32.max)), scores, n) == optimum)
    }

    @Test("Равномерные оценки 0–100 на квадрате 1 000 × 1 000: начальное назначение оставляет свободными не больше десятой части строк, каждому достаётся 100")
    func uniformSquare() {
        // Every mentee can score 100 (a hidden permutation of 100s guarantees it); the
        // greedy start must not stop short of that optimum.
        var rng = SeededGenerator(seed: 120_000)
        let n = 1000
        var scores = (0..<(n * n)).map { _ in UInt8.random(in: 0...100, using: &rng) }
        for (i, j) in (0..<n).shuffled(using: &rng).enumerated() { scores[i * n + j] = 100 }
        let ties = tiesAtColumnBest(scores, n)
        #expect(ties.tied >= 3 * ties.rows)
        // The original column reduction left about four rows in five free here, each then
        // searched for; the greedy start leaves a few dozen.
        let leftFree = DenseAssignment.rowsLeftFreeAtStart(scores: scores, size: n)
        #expect(leftFree <= n / 10, "свободных строк после начального назначения: \(leftFree)")
        #expect(total(DenseAssignment.solve(scores: scores, size: n), scores, n) == 100 * n)
    }
}
