/// A pairing task by ids, in the JSON format `mentor-match` reads:
///
/// ```json
/// {"objective": "maxMatchedThenScore",
///  "mentors": [{"id": "t1", "capacity": 2}],
///  "mentees": [{"id": "s1"}],
///  "edges": [{"mentee": "s1", "mentor": "t1", "score": 87}],
///  "menteePreferences": {"s1": ["t1"]},
///  "mentorPreferences": {"t1": ["s1"]}}
/// ```
///
/// `objective` is `maxMatchedThenScore` (default), `maxScore` or `stable`. `edges` are the
/// allowed pairs with integer scores 0–100 (a pair not listed is not allowed) and serve
/// the first two objectives; the preference lists, most preferred first, serve `stable`.
/// Optional extensions: `fixedPairs` and `forbiddenPairs` (`[{"mentee", "mentor"}]`),
/// and `scores`, a dense matrix (one row per mentee, one column per mentor, in the
/// order of the lists) that allows every pair, for large complete instances.
public struct MatchingInstance: Codable, Sendable, Equatable {
    /// A mentor's id and how many mentees it may take.
    public struct Mentor: Codable, Sendable, Equatable {
        public var id: String
        public var capacity: Int
        public init(id: String, capacity: Int = 1) {
            self.id = id
            self.capacity = capacity
        }
    }

    /// A mentee's id.
    public struct Mentee: Codable, Sendable, Equatable {
        public var id: String
        public init(id: String) { self.id = id }
    }

    /// An allowed pair and its compatibility score (0–100).
    public struct Edge: Codable, Sendable, Equatable {
        public var mentee: String
        public var mentor: String
        public var score: Int
        public init(mentee: String, mentor: String, score: Int) {
            self.mentee = mentee
            self.mentor = mentor
            self.score = score
        }
    }

    /// A pair by ids without a score.
    public struct PairRef: Codable, Sendable, Equatable, Hashable {
        public var mentee: String
        public var mentor: String
        public init(mentee: String, mentor: String) {
            self.mentee = mentee
            self.mentor = mentor
        }
    }

    /// `maxMatchedThenScore`, `maxScore` or `stable`; kept as text so that an unknown
    /// value gets a clear message from validation rather than a decoding error.
    public var objective: String?
    public var mentors: [Mentor]
    public var mentees: [Mentee]
    public var edges: [Edge]?
    public var scores: [[Int]]?
    public var menteePreferences: [String: [String]]?
    public var mentorPreferences: [String: [String]]?
    public var fixedPairs: [PairRef]?
    public var forbiddenPairs: [PairRef]?

    public init(
        objective: MatchingObjective = .maxMatchedThenScore, mentors: [Mentor], mentees: [Mentee],
        edges: [Edge]? = nil, scores: [[Int]]? = nil,
        menteePreferences: [String: [String]]? = nil, mentorPreferences: [String: [String]]? = nil,
        fixedPairs: [PairRef]? = nil, forbiddenPairs: [PairRef]? = nil
    ) {
        self.objective = objective.rawValue
        self.mentors = mentors
        self.mentees = mentees
        self.edges = edges
        self.scores = scores
        self.menteePreferences = menteePreferences
        self.mentorPreferences = mentorPreferences
        self.fixedPairs = fixedPairs
        self.forbiddenPairs = forbiddenPairs
    }
}

/// Every way of pairing `mentor-match` knows.
public enum MatchingObjective: String, Codable, Sendable, CaseIterable {
    case maxMatchedThenScore
    case maxScore
    /// Mentee-optimal stable matching from mutual preference lists.
    case stable
}

/// The answer, in the JSON format `mentor-match` writes:
/// `{"pairs": [{"mentee": "s1", "mentor": "t1", "score": 87}], "unmatchedMentees": [],
/// "matchedCount": 1, "totalScore": 87}`; `stable` also lists `coincidingWishes`.
public struct MatchingResult: Codable, Sendable, Equatable {
    public var pairs: [MatchingInstance.Edge]
    /// Mentees left without a pair, in input order: the curator continues the search
    /// for them and the psychologist supports them.
    public var unmatchedMentees: [String]
    public var matchedCount: Int
    public var totalScore: Int
    /// Pairs where each named the other first (only for `stable`).
    public var coincidingWishes: [MatchingInstance.PairRef]?

    public init(
        pairs: [MatchingInstance.Edge], unmatchedMentees: [String], matchedCount: Int,
        totalScore: Int, coincidingWishes: [MatchingInstance.PairRef]? = nil
    ) {
        self.pairs = pairs
        self.unmatchedMentees = unmatchedMentees
        self.matchedCount = matchedCount
        self.totalScore = totalScore
        self.coincidingWishes = coincidingWishes
    }
}

extension MatchingInstance {
    /// Validates the instance and computes the optimum for its objective.
    /// - Throws: ``InstanceError`` naming the first problem found.
    public func solve() throws(InstanceError) -> MatchingResult {
        try validated().solve()
    }
}

extension ValidatedInstance {
    /// The optimum for the instance's objective, by ids.
    public func solve() -> MatchingResult {
        let mentorOf: [Int?]
        var scoreOf: [Int]
        var coinciding: [MatchingInstance.PairRef]?
        switch objective {
        case .stable:
            let solution = stable.solve()
            mentorOf = solution.mentorOfMentee
            scoreOf = [Int](repeating: 0, count: menteeIds.count)
            for (mentee, mentor) in mentorOf.enumerated() {
                if let mentor { scoreOf[mentee] = scoreOfPair(mentee: mentee, mentor: mentor) ?? 0 }
            }
            coinciding = solution.coincidingWishes.map {
                MatchingInstance.PairRef(mentee: menteeIds[$0.mentee], mentor: mentorIds[$0.mentor])
            }
        case .maxMatchedThenScore, .maxScore:
            let solution = assignment.solve()
            mentorOf = solution.mentorOfMentee
            scoreOf = solution.scoreOfMentee
        }
        var pairs: [MatchingInstance.Edge] = []
        var unmatched: [String] = []
        for (mentee, mentor) in mentorOf.enumerated() {
            if let mentor {
                pairs.append(.init(mentee: menteeIds[mentee], mentor: mentorIds[mentor], score: scoreOf[mentee]))
            } else {
                unmatched.append(menteeIds[mentee])
            }
        }
        return MatchingResult(
            pairs: pairs, unmatchedMentees: unmatched, matchedCount: pairs.count,
            totalScore: pairs.reduce(0) { $0 + $1.score }, coincidingWishes: coinciding)
    }

    private func scoreOfPair(mentee: Int, mentor: Int) -> Int? {
        switch assignment.candidates {
        case .dense(let scores): return Int(scores[mentee * mentorIds.count + mentor])
        case .sparse: return edgeScore[IndexPair(mentee: mentee, mentor: mentor)]
        }
    }
}
