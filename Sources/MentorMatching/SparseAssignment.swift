/// Minimum-cost assignment of every row to one column of a sparse bipartite graph where
/// column `j` takes up to `capacity[j]` rows: successive shortest augmenting paths
/// (Dijkstra with column potentials, one row at a time) after a greedy start.
///
/// The caller guarantees that every row can be assigned (it gives each row a private
/// "unmatched" column), which is what makes row-by-row augmentation exact: after row `k`
/// the assignment of rows `0...k` has minimum cost, so the last one is optimal. Memory is
/// linear in the number of edges; capacities are handled directly, not by copying columns.
struct SparseAssignment {
    /// Row `r`'s edges are `rowStart[r]..<rowStart[r+1]` in `edgeColumn` and `edgeCost`.
    var rowStart: [Int]
    var edgeColumn: [Int32]
    var edgeCost: [Int32]
    var capacity: [Int32]

    /// Column assigned to each row.
    func solve() -> [Int] {
        let rows = rowStart.count - 1
        let columns = capacity.count
        var assigned = [Int](repeating: -1, count: rows)
        var v = [Int](repeating: 0, count: columns)
        var load = [Int32](repeating: 0, count: columns)
        // Rows held by a column, as an intrusive doubly linked list (O(1) moves).
        var head = [Int](repeating: -1, count: columns)
        var next = [Int](repeating: -1, count: rows)
        var prev = [Int](repeating: -1, count: rows)
        var dist = [Int](repeating: Int.max, count: columns)
        var predRow = [Int](repeating: -1, count: columns)
        var predEdge = [Int](repeating: -1, count: columns)
        var assignedEdge = [Int](repeating: -1, count: rows)
        var finalized = [Bool](repeating: false, count: columns)
        var touched: [Int] = []
        var scanned: [Int] = []
        var heap = DistanceHeap()
        var pending: [Int] = []

        rowStart.withUnsafeBufferPointer { start in
        edgeColumn.withUnsafeBufferPointer { col in
        edgeCost.withUnsafeBufferPointer { cost in
        capacity.withUnsafeBufferPointer { cap in
        assigned.withUnsafeMutableBufferPointer { assigned in
        v.withUnsafeMutableBufferPointer { v in
        load.withUnsafeMutableBufferPointer { load in
        head.withUnsafeMutableBufferPointer { head in
        next.withUnsafeMutableBufferPointer { next in
        prev.withUnsafeMutableBufferPointer { prev in
        dist.withUnsafeMutableBufferPointer { dist in
        predRow.withUnsafeMutableBufferPointer { predRow in
        predEdge.withUnsafeMutableBufferPointer { predEdge in
        assignedEdge.withUnsafeMutableBufferPointer { assignedEdge in
        finalized.withUnsafeMutableBufferPointer { finalized in
            func attach(_ r: Int, _ j: Int, _ e: Int) {
                assigned[r] = j
                assignedEdge[r] = e
                prev[r] = -1
                next[r] = head[j]
                if head[j] >= 0 { prev[head[j]] = r }
                head[j] = r
            }
            func detach(_ r: Int) {
                let j = assigned[r]
                if prev[r] >= 0 { next[prev[r]] = next[r] } else { head[j] = next[r] }
                if next[r] >= 0 { prev[next[r]] = prev[r] }
                assigned[r] = -1
            }

            // Greedy start with zero potentials: a row taking its cheapest edge is tight,
            // so dual feasibility holds and the exact phase can start from here.
            for r in 0..<rows {
                var best = -1
                var bestEdge = -1
                var bestCost = Int.max
                for e in start[r]..<start[r + 1] where Int(cost[e]) < bestCost {
                    bestCost = Int(cost[e])
                    best = Int(col[e])
                    bestEdge = e
                }
                if best >= 0, load[best] < cap[best] {
                    attach(r, best, bestEdge)
                    load[best] += 1
                } else {
                    pending.append(r)
                }
            }

            for s in pending {
                // Dijkstra over columns from row s; a row's potential is implied by the
                // tight edge to its column, so only column potentials are stored.
                heap.removeAll()
                for e in start[s]..<start[s + 1] {
                    let j = Int(col[e])
                    let h = Int(cost[e]) - v[j]
                    if dist[j] == Int.max { touched.append(j) }
                    if h < dist[j] {
                        dist[j] = h
                        predRow[j] = s
                        predEdge[j] = e
                        heap.push(h, j)
                    }
                }
                var sink = -1
                var delta = 0
                while let (dj, j) = heap.pop() {
                    if finalized[j] || dj > dist[j] { continue }
                    finalized[j] = true
                    scanned.append(j)
                    if load[j] < cap[j] {
                        sink = j
                        delta = dj
                        break
                    }
                    var r = head[j]
                    while r >= 0 {
                        // Reduced cost of r's own edge is zero, so r sits at distance dj.
                        let base = dj - (Int(cost[assignedEdge[r]]) - v[j])
                        for e in start[r]..<start[r + 1] {
                            let k = Int(col[e])
                            if finalized[k] { continue }
                            let nd = base + Int(cost[e]) - v[k]
                            if nd < dist[k] {
                                if dist[k] == Int.max { touched.append(k) }
                                dist[k] = nd
                                predRow[k] = r
                                predEdge[k] = e
                                heap.push(nd, k)
                            }
                        }
                        r = next[r]
                    }
                }
                precondition(sink >= 0, "every row must have a reachable free column")
                for j in scanned { v[j] += dist[j] - delta }
                // Shift rows along the path; only the sink's load grows.
                var k = sink
                while true {
                    let r = predRow[k]
                    let previousColumn = assigned[r]
                    if previousColumn >= 0 { detach(r) }
                    attach(r, k, predEdge[k])
                    if r == s { break }
                    k = previousColumn
                }
                load[sink] += 1
                for j in touched {
                    dist[j] = Int.max
                    finalized[j] = false
                }
                touched.removeAll(keepingCapacity: true)
                scanned.removeAll(keepingCapacity: true)
            }
        }}}}}}}}}}}}}}}
        return assigned
    }
}

/// Binary min-heap of (distance, column) with ties broken by column, so the order of
/// exploration (and therefore the optimum found among equals) never depends on chance.
struct DistanceHeap {
    private var keys: [Int] = []
    private var values: [Int] = []

    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    private func less(_ a: Int, _ b: Int) -> Bool {
        keys[a] < keys[b] || (keys[a] == keys[b] && values[a] < values[b])
    }

    mutating func push(_ key: Int, _ value: Int) {
        keys.append(key)
        values.append(value)
        var i = keys.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if !less(i, parent) { break }
            keys.swapAt(i, parent)
            values.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> (Int, Int)? {
        guard let topKey = keys.first else { return nil }
        let topValue = values[0]
        let lastKey = keys.removeLast()
        let lastValue = values.removeLast()
        if !keys.isEmpty {
            keys[0] = lastKey
            values[0] = lastValue
            var i = 0
            let count = keys.count
            while true {
                let left = 2 * i + 1
                if left >= count { break }
                var child = left
                if left + 1 < count, less(left + 1, left) { child = left + 1 }
                if !less(child, i) { break }
                keys.swapAt(i, child)
                values.swapAt(i, child)
                i = child
            }
        }
        return (topKey, topValue)
    }
}
