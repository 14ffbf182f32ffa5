/// Mutual preferences after a «Mentor Match» session (speed meetings): each side ranks the
/// people it would work with, most preferred first. A pair is acceptable only when each
/// lists the other: no pair forms without the consent of both sides.
public struct StableMatchingProblem: Sendable {
    /// Seats of each mentor (a group when above 1).
    public var capacities: [Int]
    /// For each mentee, the mentors it would work with, most preferred first.
    public var menteePreferences: [[Int]]
    /// For each mentor, the mentees it would work with, most preferred first.
    public var mentorPreferences: [[Int]]

    public init(capacities: [Int], menteePreferences: [[Int]], mentorPreferences: [[Int]]) {
        self.capacities = capacities
        self.menteePreferences = menteePreferences
        self.mentorPreferences = mentorPreferences
    }
}

/// The mentee-optimal stable matching and the pairs whose wishes simply coincide.
public struct StableMatchingSolution: Hashable, Sendable {
    /// The mentor of each mentee, or `nil` when the mentee stays without a pair.
    public var mentorOfMentee: [Int?]
    /// Pairs where each named the other first, in mentee order.
    public var coincidingWishes: [IndexPair]
}

extension StableMatchingProblem {
    /// Mentee-proposing deferred acceptance with mentor capacities (hospitals/residents).
    ///
    /// The result is stable (no mentee and mentor would both rather be together than with
    /// whom they got) and mentee-optimal: every mentee gets the best mentor it has in any
    /// stable matching. Runs in time linear in the total length of the lists (times the
    /// largest capacity for finding a mentor's least preferred held mentee).
    public func solve() -> StableMatchingSolution {
        let menteeCount = menteePreferences.count
        let mentorCount = capacities.count
        let (lists, ranks) = mutualLists()

        var mentorOf = [Int?](repeating: nil, count: menteeCount)
        var nextChoice = [Int](repeating: 0, count: menteeCount)
        var held = [[(mentee: Int, rank: Int)]](repeating: [], count: mentorCount)
        // Proposals are made in mentee order; the outcome does not depend on the order,
        // but a fixed one keeps every intermediate state reproducible.
        var free = Array((0..<menteeCount).reversed())
        while let mentee = free.popLast() {
            let list = lists[mentee]
            while nextChoice[mentee] < list.count {
                let position = nextChoice[mentee]
                nextChoice[mentee] += 1
                let mentor = list[position]
                let rank = ranks[mentee][position]
                if held[mentor].count < capacities[mentor] {
                    held[mentor].append((mentee, rank))
                    mentorOf[mentee] = mentor
                    break
                }
                guard !held[mentor].isEmpty else { continue }
                // The mentor swaps its least preferred held mentee for a better one.
                var worstIndex = 0
                var worstRank = -1
                for (index, other) in held[mentor].enumerated() where other.rank > worstRank {
                    worstRank = other.rank
                    worstIndex = index
                }
                if rank < worstRank {
                    let rejected = held[mentor][worstIndex].mentee
                    held[mentor][worstIndex] = (mentee, rank)
                    mentorOf[mentee] = mentor
                    mentorOf[rejected] = nil
                    free.append(rejected)
                    break
                }
            }
        }

        var coinciding: [IndexPair] = []
        for mentee in 0..<menteeCount {
            guard let first = menteePreferences[mentee].first, first >= 0, first < mentorCount,
                  mentorPreferences[first].first == mentee else { continue }
            coinciding.append(IndexPair(mentee: mentee, mentor: first))
        }
        return StableMatchingSolution(mentorOfMentee: mentorOf, coincidingWishes: coinciding)
    }

    /// Each mentee's list reduced to mutually acceptable mentors, with the rank the
    /// mentor gives that mentee (lower is better) at the same position.
    func mutualLists() -> (lists: [[Int]], ranks: [[Int]]) {
        let menteeCount = menteePreferences.count
        let mentorCount = capacities.count
        var proposals = [[(mentee: Int, position: Int)]](repeating: [], count: mentorCount)
        for (mentee, list) in menteePreferences.enumerated() {
            for (position, mentor) in list.enumerated() where mentor >= 0 && mentor < mentorCount {
                proposals[mentor].append((mentee, position))
            }
        }
        var rankAtMentor = [[Int]](
            repeating: [], count: menteeCount)
        for mentee in 0..<menteeCount {
            rankAtMentor[mentee] = [Int](repeating: -1, count: menteePreferences[mentee].count)
        }
        var scratch = [Int](repeating: -1, count: menteeCount)
        for mentor in 0..<mentorCount {
            let list = mentorPreferences[mentor]
            for (rank, mentee) in list.enumerated().reversed() where mentee >= 0 && mentee < menteeCount {
                scratch[mentee] = rank
            }
            for (mentee, position) in proposals[mentor] {
                rankAtMentor[mentee][position] = scratch[mentee]
            }
            for mentee in list where mentee >= 0 && mentee < menteeCount { scratch[mentee] = -1 }
        }
        var lists = [[Int]](repeating: [], count: menteeCount)
        var ranks = [[Int]](repeating: [], count: menteeCount)
        for mentee in 0..<menteeCount {
            for (position, mentor) in menteePreferences[mentee].enumerated()
            where rankAtMentor[mentee][position] >= 0 && !lists[mentee].contains(mentor) {
                lists[mentee].append(mentor)
                ranks[mentee].append(rankAtMentor[mentee][position])
            }
        }
        return (lists, ranks)
    }
}
