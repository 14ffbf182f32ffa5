/// Speed-meeting rounds as a proper edge colouring of the bipartite "who meets whom"
/// graph: a colour is a round, and no person has two meetings of the same colour.
///
/// By König's edge-colouring theorem a bipartite graph needs exactly as many colours as
/// its largest degree, so the rounds are as few as they can be: the busiest person meets
/// someone in every round.
public enum SpeedMeetingRounds {
    /// Splits the meetings into the fewest rounds (the largest number of meetings of any
    /// one person). Each round lists positions in `pairs`; every pair appears once.
    ///
    /// Alternating-path recolouring: to colour a meeting, take a round free for the
    /// mentee (`a`) and one free for the mentor (`b`); if `a` is busy for the mentor,
    /// swap `a` and `b` along the alternating path from the mentor, which cannot reach
    /// the mentee in a bipartite graph. O(pairs × people).
    public static func rounds(menteeCount: Int, mentorCount: Int, pairs: [IndexPair]) -> [[Int]] {
        let vertexCount = menteeCount + mentorCount
        var degree = [Int](repeating: 0, count: vertexCount)
        for pair in pairs {
            degree[pair.mentee] += 1
            degree[menteeCount + pair.mentor] += 1
        }
        let colours = degree.max() ?? 0
        if colours == 0 { return [] }
        // at[v * colours + c]: the meeting of person v in round c, or -1.
        var at = [Int](repeating: -1, count: vertexCount * colours)
        var colourOf = [Int](repeating: -1, count: pairs.count)
        var path: [Int] = []

        func ends(_ e: Int) -> (Int, Int) { (pairs[e].mentee, menteeCount + pairs[e].mentor) }
        func freeColour(_ v: Int) -> Int {
            for c in 0..<colours where at[v * colours + c] < 0 { return c }
            preconditionFailure("a person has more meetings than rounds")
        }

        for e in pairs.indices {
            let (u, w) = ends(e)
            let a = freeColour(u)
            if at[w * colours + a] >= 0 {
                let b = freeColour(w)
                // Walk the a/b path from w, then swap its colours.
                path.removeAll(keepingCapacity: true)
                var x = w
                var c = a
                while at[x * colours + c] >= 0 {
                    let f = at[x * colours + c]
                    path.append(f)
                    let (p, q) = ends(f)
                    x = p == x ? q : p
                    c = c == a ? b : a
                }
                for f in path {
                    let (p, q) = ends(f)
                    at[p * colours + colourOf[f]] = -1
                    at[q * colours + colourOf[f]] = -1
                }
                for f in path {
                    let (p, q) = ends(f)
                    let swapped = colourOf[f] == a ? b : a
                    colourOf[f] = swapped
                    at[p * colours + swapped] = f
                    at[q * colours + swapped] = f
                }
            }
            colourOf[e] = a
            at[u * colours + a] = e
            at[w * colours + a] = e
        }
        var rounds = [[Int]](repeating: [], count: colours)
        for e in pairs.indices { rounds[colourOf[e]].append(e) }
        return rounds
    }

    /// The pairs to keep when the session allows only `maxRounds` rounds: the largest
    /// total score such that nobody has more than `maxRounds` meetings (then, among
    /// equal totals, the most meetings). Exact, by minimum-cost flow. Returns positions
    /// in `pairs`, ascending.
    public static func bestPairs(
        menteeCount: Int, mentorCount: Int, pairs: [ScoredPair], maxRounds: Int
    ) -> [Int] {
        guard maxRounds > 0 else { return [] }
        var degree = [Int](repeating: 0, count: menteeCount + mentorCount)
        for pair in pairs {
            degree[pair.mentee] += 1
            degree[menteeCount + pair.mentor] += 1
        }
        if (degree.max() ?? 0) <= maxRounds { return Array(pairs.indices) }

        let source = menteeCount + mentorCount
        let sink = source + 1
        var flow = MinCostFlow(nodeCount: sink + 1)
        for mentee in 0..<menteeCount { flow.addArc(from: source, to: mentee, capacity: maxRounds, cost: 0) }
        for mentor in 0..<mentorCount {
            flow.addArc(from: menteeCount + mentor, to: sink, capacity: maxRounds, cost: 0)
        }
        // Score dominates; the +1 makes an extra meeting win only between equal scores.
        let scale = pairs.count + 1
        let pairArcs = pairs.map { pair in
            flow.addArc(from: pair.mentee, to: menteeCount + pair.mentor, capacity: 1, cost: -(pair.score * scale + 1))
        }
        flow.augmentWhileProfitable(from: source, to: sink)
        return pairs.indices.filter { flow.flow(onArc: pairArcs[$0]) > 0 }
    }
}
