/// What the optimal assignment maximises.
public enum AssignmentObjective: String, Codable, Sendable, CaseIterable {
    /// As many mentees with a mentor as possible, then the largest total score (default).
    case maxMatchedThenScore
    /// The largest total score; a mentee may stay unmatched if that scores more.
    case maxScore
}

/// An allowed pair by position: mentee `mentee` may work with mentor `mentor`, and the
/// pair is worth `score` (0–100).
public struct ScoredPair: Hashable, Codable, Sendable {
    public var mentee: Int
    public var mentor: Int
    public var score: Int

    public init(mentee: Int, mentor: Int, score: Int) {
        self.mentee = mentee
        self.mentor = mentor
        self.score = score
    }
}

/// A pair by position, without a score (fixed or forbidden pairs).
public struct IndexPair: Hashable, Codable, Sendable {
    public var mentee: Int
    public var mentor: Int

    public init(mentee: Int, mentor: Int) {
        self.mentee = mentee
        self.mentor = mentor
    }
}

/// The allowed pairs and their scores.
public enum CandidatePairs: Sendable {
    /// Only the listed pairs are allowed (a sparse candidate list).
    case sparse([ScoredPair])
    /// Every pair is allowed; `scores[mentee * mentorCount + mentor]` is its score.
    case dense([UInt8])
}

/// An assignment problem over positions (mentees `0..<menteeCount`, mentors
/// `0..<capacities.count`). Build it from ids with ``MatchingInstance/validated()``.
public struct AssignmentProblem: Sendable {
    public var menteeCount: Int
    /// How many mentees each mentor may take (a group when above 1).
    public var capacities: [Int]
    public var candidates: CandidatePairs
    public var objective: AssignmentObjective
    /// Pairs that must be kept as they are (for example, agreed at a personal meeting).
    public var fixedPairs: [IndexPair]
    /// Pairs that must not form (for example, the same pair as in the previous cycle).
    public var forbiddenPairs: [IndexPair]

    public init(
        menteeCount: Int, capacities: [Int], candidates: CandidatePairs,
        objective: AssignmentObjective = .maxMatchedThenScore,
        fixedPairs: [IndexPair] = [], forbiddenPairs: [IndexPair] = []
    ) {
        self.menteeCount = menteeCount
        self.capacities = capacities
        self.candidates = candidates
        self.objective = objective
        self.fixedPairs = fixedPairs
        self.forbiddenPairs = forbiddenPairs
    }
}

/// The optimum of an ``AssignmentProblem``.
public struct AssignmentSolution: Hashable, Sendable {
    /// The mentor of each mentee, or `nil` when the mentee stays without a pair.
    public var mentorOfMentee: [Int?]
    /// The score of each mentee's pair (0 when unmatched).
    public var scoreOfMentee: [Int]
    public var matchedCount: Int
    public var totalScore: Int
}

extension AssignmentProblem {
    /// The exact optimum: no other assignment that respects the capacities, the fixed
    /// and the forbidden pairs matches more mentees (for ``AssignmentObjective/maxMatchedThenScore``)
    /// or scores more. The same problem always gives the same solution.
    ///
    /// The problem must be valid (``MatchingInstance/validated()`` checks ids, capacities
    /// and scores); positions out of range are a programming error.
    public func solve() -> AssignmentSolution {
        let mentorCount = capacities.count
        var mentorOf = [Int?](repeating: nil, count: menteeCount)
        var scoreOf = [Int](repeating: 0, count: menteeCount)
        var remaining = capacities.map { max(0, $0) }
        let forbidden = Set(forbiddenPairs)

        // Fixed pairs are settled first and take a seat of their mentor.
        var fixedMentee = [Bool](repeating: false, count: menteeCount)
        var sparseScore: [IndexPair: Int] = [:]
        if case .sparse(let pairs) = candidates, !fixedPairs.isEmpty {
            let fixedSet = Set(fixedPairs)
            for p in pairs where fixedSet.contains(IndexPair(mentee: p.mentee, mentor: p.mentor)) {
                sparseScore[IndexPair(mentee: p.mentee, mentor: p.mentor)] = p.score
            }
        }
        for pair in fixedPairs where !fixedMentee[pair.mentee] {
            fixedMentee[pair.mentee] = true
            remaining[pair.mentor] -= 1
            mentorOf[pair.mentee] = pair.mentor
            switch candidates {
            case .dense(let scores): scoreOf[pair.mentee] = Int(scores[pair.mentee * mentorCount + pair.mentor])
            case .sparse: scoreOf[pair.mentee] = sparseScore[pair] ?? 0
            }
        }
        let freeMentees = (0..<menteeCount).filter { !fixedMentee[$0] }
        let freeMentors = (0..<mentorCount).filter { remaining[$0] > 0 }
        let assignment: [Int?]
        let n = freeMentees.count
        // An unmatched mentee costs as much as every score together could repay, so
        // one more pair always wins under maxMatchedThenScore.
        let unmatchedCost = objective == .maxScore ? 100 : 100 * (n + 1) + 1
        let seats = freeMentors.reduce(0) { $0 + min(remaining[$1], n) }

        if case .dense(let scores) = candidates, n > 0, seats > 0,
           max(n, seats) * max(n, seats) <= 64_000_000 {
            assignment = Self.solveDense(
                scores: scores, mentorCount: mentorCount, mentees: freeMentees,
                mentors: freeMentors, seats: remaining, forbidden: forbidden,
                unmatchedCost: unmatchedCost)
        } else {
            assignment = Self.solveSparse(
                candidates: candidates, menteeCount: menteeCount, mentorCount: mentorCount,
                mentees: freeMentees, seats: remaining, forbidden: forbidden, objective: objective)
        }
        for (position, mentee) in freeMentees.enumerated() {
            guard let mentor = assignment[position] else { continue }
            mentorOf[mentee] = mentor
            switch candidates {
            case .dense(let scores): scoreOf[mentee] = Int(scores[mentee * mentorCount + mentor])
            case .sparse: break
            }
        }
        if case .sparse(let pairs) = candidates {
            for p in pairs where mentorOf[p.mentee] == p.mentor && !fixedMentee[p.mentee] {
                scoreOf[p.mentee] = p.score
            }
        }
        let matched = mentorOf.reduce(0) { $0 + ($1 == nil ? 0 : 1) }
        return AssignmentSolution(
            mentorOfMentee: mentorOf, scoreOfMentee: scoreOf,
            matchedCount: matched, totalScore: scoreOf.reduce(0, +))
    }

    /// Dense case: one column per seat, padded to a square; a dummy cell means "no pair".
    private static func solveDense(
        scores: [UInt8], mentorCount: Int, mentees: [Int], mentors: [Int], seats: [Int],
        forbidden: Set<IndexPair>, unmatchedCost: Int
    ) -> [Int?] {
        let n = mentees.count
        var seatMentor: [Int32] = []
        var firstSeat = [Int](repeating: -1, count: mentorCount)
        for j in mentors {
            firstSeat[j] = seatMentor.count
            for _ in 0..<min(seats[j], n) { seatMentor.append(Int32(j)) }
        }
        let seatCount = seatMentor.count
        let size = max(n, seatCount)
        let dummy = Int32(unmatchedCost)
        // Every mentor with one seat, in order (each free mentor has a seat at least):
        // the common case copies rows straight.
        let oneSeatEach = mentors.count == mentorCount && seatCount == mentorCount
        if oneSeatEach, seatCount == n, forbidden.isEmpty, n * n == scores.count {
            // A square of every mentee and every mentor: solve on the scores themselves.
            let rowColumn = DenseAssignment.solve(scores: scores, size: n)
            return rowColumn.map { $0 }
        }
        // Padding cells (rows or seats beyond the square's real ones) mean "no pair".
        var cost = [Int32](repeating: dummy, count: size * size)
        cost.withUnsafeMutableBufferPointer { c in
            scores.withUnsafeBufferPointer { s in
                seatMentor.withUnsafeBufferPointer { seat in
                    for (i, mentee) in mentees.enumerated() {
                        let row = c.baseAddress! + i * size
                        let source = s.baseAddress! + mentee * mentorCount
                        if oneSeatEach {
                            for k in 0..<seatCount { row[k] = 100 &- Int32(source[k]) }
                        } else {
                            for k in 0..<seatCount { row[k] = 100 &- Int32(source[Int(seat[k])]) }
                        }
                    }
                }
            }
        }
        if !forbidden.isEmpty {
            // Every seat of a forbidden mentor costs as much as no pair at all.
            let rowOf = Dictionary(uniqueKeysWithValues: mentees.enumerated().map { ($1, $0) })
            for pair in forbidden {
                guard let i = rowOf[pair.mentee], firstSeat[pair.mentor] >= 0 else { continue }
                for k in firstSeat[pair.mentor]..<(firstSeat[pair.mentor] + min(seats[pair.mentor], n)) {
                    cost[i * size + k] = dummy
                }
            }
        }
        let rowColumn = DenseAssignment.solve(cost: cost, size: size, largestCost: max(100, unmatchedCost))
        return (0..<n).map { i in
            let k = rowColumn[i]
            guard k < seatCount else { return nil }
            let mentor = Int(seatMentor[k])
            return forbidden.contains(IndexPair(mentee: mentees[i], mentor: mentor)) ? nil : mentor
        }
    }

    /// Sparse case: a min-cost flow over the candidate pairs (``SparseAssignment``); for
    /// `maxScore` a mentee stays unmatched when its pair would cost `unmatchedCost` or more.
    private static func solveSparse(
        candidates: CandidatePairs, menteeCount: Int, mentorCount: Int, mentees: [Int],
        seats: [Int], forbidden: Set<IndexPair>, objective: AssignmentObjective
    ) -> [Int?] {
        let n = mentees.count
        var rowOf = [Int](repeating: -1, count: menteeCount)
        for (i, mentee) in mentees.enumerated() { rowOf[mentee] = i }
        var degree = [Int](repeating: 0, count: n)
        func forEachEdge(_ body: (Int, Int, Int) -> Void) {
            switch candidates {
            case .sparse(let pairs):
                for p in pairs { body(p.mentee, p.mentor, p.score) }
            case .dense(let scores):
                for mentee in mentees {
                    for mentor in 0..<mentorCount { body(mentee, mentor, Int(scores[mentee * mentorCount + mentor])) }
                }
            }
        }
        let checkForbidden = !forbidden.isEmpty
        func usable(_ mentee: Int, _ mentor: Int) -> Bool {
            rowOf[mentee] >= 0 && seats[mentor] > 0
                && !(checkForbidden && forbidden.contains(IndexPair(mentee: mentee, mentor: mentor)))
        }
        forEachEdge { mentee, mentor, _ in
            if usable(mentee, mentor) { degree[rowOf[mentee]] += 1 }
        }
        var rowStart = [Int](repeating: 0, count: n + 1)
        for i in 0..<n { rowStart[i + 1] = rowStart[i] + degree[i] }
        var fill = Array(rowStart.dropLast())
        var edgeColumn = [Int32](repeating: 0, count: rowStart[n])
        var edgeCost = [Int32](repeating: 0, count: rowStart[n])
        forEachEdge { mentee, mentor, score in
            guard usable(mentee, mentor) else { return }
            let i = rowOf[mentee]
            edgeColumn[fill[i]] = Int32(mentor)
            edgeCost[fill[i]] = Int32(100 - score)
            fill[i] += 1
        }
        let capacity = (0..<mentorCount).map { Int32(min(max(seats[$0], 0), n)) }
        // A pair costs 100 - score and an unmatched mentee 100, the cost of a score of 0.
        let solver = SparseAssignment(
            rowStart: rowStart, edgeColumn: edgeColumn, edgeCost: edgeCost, capacity: capacity,
            profitLimit: objective == .maxScore ? 100 : nil)
        return solver.solve().map { $0 >= 0 ? $0 : nil }
    }
}
