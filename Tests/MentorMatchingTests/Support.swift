import Testing
@testable import MentorMatching

/// SplitMix64: a tiny seeded generator, so every "random" instance is reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A small random assignment problem: sparse or dense, with capacities, and sometimes
/// fixed and forbidden pairs.
func randomProblem(seed: UInt64, objective: AssignmentObjective, dense: Bool = false) -> AssignmentProblem {
    var rng = SeededGenerator(seed: seed)
    let n = Int.random(in: 1...6, using: &rng)
    let m = Int.random(in: 1...4, using: &rng)
    let capacities = (0..<m).map { _ in Int.random(in: 0...3, using: &rng) }
    let candidates: CandidatePairs
    var allowed: [IndexPair] = []
    if dense {
        candidates = .dense((0..<(n * m)).map { _ in UInt8.random(in: 0...100, using: &rng) })
        for i in 0..<n { for j in 0..<m { allowed.append(IndexPair(mentee: i, mentor: j)) } }
    } else {
        var pairs: [ScoredPair] = []
        for i in 0..<n {
            for j in 0..<m where Bool.random(using: &rng) {
                // Few distinct scores, so ties are common and tie-breaking is exercised.
                pairs.append(ScoredPair(mentee: i, mentor: j, score: [0, 10, 50, 90, 100].randomElement(using: &rng)!))
                allowed.append(IndexPair(mentee: i, mentor: j))
            }
        }
        candidates = .sparse(pairs)
    }
    var fixed: [IndexPair] = []
    var forbidden: [IndexPair] = []
    if Int.random(in: 0..<3, using: &rng) == 0, let pair = allowed.randomElement(using: &rng), capacities[pair.mentor] > 0 {
        fixed.append(pair)
    }
    if Int.random(in: 0..<3, using: &rng) == 0, let pair = allowed.randomElement(using: &rng), !fixed.contains(pair) {
        forbidden.append(pair)
    }
    return AssignmentProblem(
        menteeCount: n, capacities: capacities, candidates: candidates, objective: objective,
        fixedPairs: fixed, forbiddenPairs: forbidden)
}

/// The scored pairs a problem allows, fixed pairs included (scored 0 if not listed).
func allowedPairs(_ problem: AssignmentProblem) -> [IndexPair: Int] {
    var result: [IndexPair: Int] = [:]
    switch problem.candidates {
    case .sparse(let pairs):
        for p in pairs { result[IndexPair(mentee: p.mentee, mentor: p.mentor)] = p.score }
    case .dense(let scores):
        let m = problem.capacities.count
        for i in 0..<problem.menteeCount { for j in 0..<m { result[IndexPair(mentee: i, mentor: j)] = Int(scores[i * m + j]) } }
    }
    for pair in problem.forbiddenPairs { result[pair] = nil }
    return result
}

/// Solves the problem `make` gives for each objective, checks the solution is feasible and
/// reaches `optimum` (matched count too, when that comes first).
func expectOptimal(
    _ make: (AssignmentObjective) -> AssignmentProblem,
    _ optimum: (AssignmentProblem) -> (matched: Int, score: Int)
) {
    for objective in AssignmentObjective.allCases {
        let problem = make(objective)
        let solution = problem.solve()
        AssignmentTests().checkFeasible(problem, solution)
        let best = optimum(problem)
        if objective == .maxMatchedThenScore { #expect(solution.matchedCount == best.matched) }
        #expect(solution.totalScore == best.score)
    }
}

/// The best (matched, total score) by trying every assignment.
func bruteForceOptimum(_ problem: AssignmentProblem) -> (matched: Int, score: Int) {
    let allowed = allowedPairs(problem)
    var load = problem.capacities.map { _ in 0 }
    var best: (matched: Int, score: Int) = (-1, -1)
    let fixedMentor = Dictionary(problem.fixedPairs.map { ($0.mentee, $0.mentor) }, uniquingKeysWith: { a, _ in a })
    var fullScore: [IndexPair: Int] = allowed
    if case .sparse(let pairs) = problem.candidates {
        for p in pairs { fullScore[IndexPair(mentee: p.mentee, mentor: p.mentor)] = p.score }
    } else if case .dense(let scores) = problem.candidates {
        let m = problem.capacities.count
        for pair in problem.fixedPairs { fullScore[pair] = Int(scores[pair.mentee * m + pair.mentor]) }
    }
    func better(_ a: (Int, Int), _ b: (Int, Int)) -> Bool {
        problem.objective == .maxScore ? a.1 > b.1 : (a.0 > b.0 || (a.0 == b.0 && a.1 > b.1))
    }
    func go(_ i: Int, _ matched: Int, _ score: Int) {
        if i == problem.menteeCount {
            if better((matched, score), best) { best = (matched, score) }
            return
        }
        if let j = fixedMentor[i] {
            go(i + 1, matched + 1, score + (fullScore[IndexPair(mentee: i, mentor: j)] ?? 0))
            return
        }
        go(i + 1, matched, score)
        for j in problem.capacities.indices {
            guard let s = allowed[IndexPair(mentee: i, mentor: j)], load[j] < problem.capacities[j] else { continue }
            load[j] += 1
            go(i + 1, matched + 1, score + s)
            load[j] -= 1
        }
    }
    // Fixed pairs take their seats before anyone else.
    for (_, j) in fixedMentor { load[j] += 1 }
    go(0, 0, 0)
    return best
}

/// A random preference instance with mutual and one-sided wishes.
func randomPreferences(seed: UInt64) -> StableMatchingProblem {
    var rng = SeededGenerator(seed: seed)
    let n = Int.random(in: 1...6, using: &rng)
    let m = Int.random(in: 1...4, using: &rng)
    let menteeLists = (0..<n).map { _ in Array((0..<m).shuffled(using: &rng).prefix(Int.random(in: 0...m, using: &rng))) }
    let mentorLists = (0..<m).map { _ in Array((0..<n).shuffled(using: &rng).prefix(Int.random(in: 0...n, using: &rng))) }
    return StableMatchingProblem(
        capacities: (0..<m).map { _ in Int.random(in: 0...2, using: &rng) },
        menteePreferences: menteeLists, mentorPreferences: mentorLists)
}

/// Whether a mentee and a mentor would both rather be together.
func blockingPairs(_ problem: StableMatchingProblem, _ mentorOf: [Int?]) -> [IndexPair] {
    var result: [IndexPair] = []
    for (i, list) in problem.menteePreferences.enumerated() {
        for j in list where problem.mentorPreferences[j].contains(i) {
            if mentorOf[i] == j { break }
            // i prefers j to its current mentor (j comes first in i's list).
            let held = mentorOf.indices.filter { mentorOf[$0] == j }
            let rank = { (x: Int) in problem.mentorPreferences[j].firstIndex(of: x)! }
            if held.count < problem.capacities[j] || held.contains(where: { rank($0) > rank(i) }) {
                result.append(IndexPair(mentee: i, mentor: j))
            }
        }
    }
    return result
}

/// Every stable matching, by enumerating every matching of mutually acceptable pairs.
func allStableMatchings(_ problem: StableMatchingProblem) -> [[Int?]] {
    let n = problem.menteePreferences.count
    var current = [Int?](repeating: nil, count: n)
    var load = problem.capacities.map { _ in 0 }
    var result: [[Int?]] = []
    func go(_ i: Int) {
        if i == n {
            if blockingPairs(problem, current).isEmpty { result.append(current) }
            return
        }
        go(i + 1)
        for j in problem.menteePreferences[i] where problem.mentorPreferences[j].contains(i) && load[j] < problem.capacities[j] {
            current[i] = j
            load[j] += 1
            go(i + 1)
            load[j] -= 1
            current[i] = nil
        }
    }
    go(0)
    return result
}
