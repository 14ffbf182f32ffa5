/// Minimum-cost assignment on a sparse bipartite graph where column `j` takes up to
/// `capacity[j]` rows and a row may stay unassigned: the largest number of rows assigned,
/// and among those the smallest total cost (or, with a `profitLimit`, only the rows whose
/// assignment costs less than leaving them out).
///
/// Primal–dual min-cost flow (successive shortest paths from all free rows at once):
/// each phase runs one Dijkstra over the columns from every free row together, with
/// node potentials so that reduced costs stay non-negative, and then augments along as
/// many vertex-disjoint zero-reduced-cost paths as a depth-first search finds (like a
/// Hopcroft–Karp phase). Every augmentation is along a shortest path, so after the last
/// phase the flow has maximum size and minimum cost: the exact optimum. Costs are small
/// integers, so every comparison is exact and the run deterministic.
///
/// Unlike one-row-at-a-time augmentation with a private "unmatched" column per row, a row
/// that cannot be assigned costs no search of its own: the last Dijkstra, which finds no
/// path, proves it for all such rows together. Memory is linear in the number of edges;
/// capacities are seats of one column, not copies of it.
struct SparseAssignment {
    /// Row `r`'s edges are `rowStart[r]..<rowStart[r+1]` in `edgeColumn` and `edgeCost`.
    var rowStart: [Int]
    var edgeColumn: [Int32]
    var edgeCost: [Int32]
    var capacity: [Int32]
    /// Augment only while a path costs less than this (a row left out costs this much);
    /// `nil`: as many rows as possible, then the least cost.
    var profitLimit: Int? = nil

    /// Column assigned to each row, or -1.
    func solve() -> [Int] {
        let rows = rowStart.count - 1
        let columns = capacity.count
        var result = [Int](repeating: -1, count: rows)
        guard rows > 0, columns > 0 else { return result }
        var seatStart = [Int](repeating: 0, count: columns + 1)
        for j in 0..<columns { seatStart[j + 1] = seatStart[j] + max(0, min(Int(capacity[j]), rows)) }
        var workspace = Workspace(rows: rows, columns: columns, seats: seatStart[columns])
        defer { workspace.deallocate() }
        rowStart.withUnsafeBufferPointer { start in
        edgeColumn.withUnsafeBufferPointer { column in
        edgeCost.withUnsafeBufferPointer { cost in
        seatStart.withUnsafeBufferPointer { seatStart in
        capacity.withUnsafeBufferPointer { capacity in
            var graph = Graph(
                start: start, column: column, cost: cost, seatStart: seatStart, capacity: capacity,
                w: workspace, rows: rows, columns: columns, profitLimit: profitLimit ?? Int.max)
            graph.run()
            workspace = graph.w
        }}}}}
        for r in 0..<rows { result[r] = Int(workspace.assigned[r]) }
        return result
    }
}

/// Buffers of one solve, allocated once and freed together (one array per field: the
/// scans read one field of many rows or columns, so this beats an array of structs).
private struct Workspace {
    /// Per row: its column or -1, the cost of that edge, where it sits among the column's
    /// seats (so it moves out in O(1)); for the depth-first search, the column it would
    /// move into and the pass that last entered it.
    var assigned, assignedCost, seatOf, insideColumn, rowPhase: UnsafeMutableBufferPointer<Int32>
    /// Per row: the next edge the search tries.
    var nextEdge: UnsafeMutableBufferPointer<Int>
    /// Per column: how many rows it holds; phase stamps (distance set, distance final,
    /// visited by the search of a pass, cursor set); the search's cursor over its seats
    /// (forwards) or its edges (backwards).
    var load, reached, finalized, visited, seatPhase, nextSeat: UnsafeMutableBufferPointer<Int32>
    /// Per column: the potential (a held row's is implied by its tight edge), the distance.
    var price, distance: UnsafeMutableBufferPointer<Int>
    /// Rows held by column `j` are `seatRow[seatStart[j] ..< seatStart[j] + load[j]]`.
    var seatRow: UnsafeMutableBufferPointer<Int32>
    /// Lists: the free rows, the rows of a forward path; the columns finalized by Dijkstra,
    /// those with a usable free seat, the columns of a backward path.
    var freeRows, pathRow, scanned, sinkColumns, pathColumn: UnsafeMutableBufferPointer<Int32>
    var heap: IndexedHeap
    /// The edges by column, built for the first backward search.
    var columnEdgeStart: UnsafeMutableBufferPointer<Int>?
    var columnEdgeRow, columnEdgeCost: UnsafeMutableBufferPointer<Int32>?

    init(rows: Int, columns: Int, seats: Int) {
        func buffer<T>(_ count: Int, _ value: T) -> UnsafeMutableBufferPointer<T> {
            let b = UnsafeMutableBufferPointer<T>.allocate(capacity: max(count, 1))
            b.initialize(repeating: value)
            return b
        }
        (assigned, assignedCost, seatOf) = (buffer(rows, -1), buffer(rows, 0), buffer(rows, -1))
        (insideColumn, rowPhase, nextEdge) = (buffer(rows, -1), buffer(rows, -1), buffer(rows, 0))
        (load, reached, finalized) = (buffer(columns, 0), buffer(columns, -1), buffer(columns, -1))
        (visited, seatPhase, nextSeat) = (buffer(columns, -1), buffer(columns, -1), buffer(columns, 0))
        (price, distance) = (buffer(columns, 0), buffer(columns, 0))
        seatRow = buffer(seats, -1)
        (freeRows, pathRow) = (buffer(rows, 0), buffer(rows, 0))
        (scanned, sinkColumns, pathColumn) = (buffer(columns, 0), buffer(columns, 0), buffer(columns, 0))
        heap = IndexedHeap(count: columns)
    }

    func deallocate() {
        for list in [assigned, assignedCost, seatOf, insideColumn, rowPhase, load, reached, finalized, visited,
                     seatPhase, nextSeat, seatRow, freeRows, pathRow, scanned, sinkColumns, pathColumn] {
            list.deallocate()
        }
        nextEdge.deallocate(); price.deallocate(); distance.deallocate(); heap.deallocate()
        columnEdgeStart?.deallocate(); columnEdgeRow?.deallocate(); columnEdgeCost?.deallocate()
    }
}

/// The solve itself over borrowed buffers (no reference counting in the loops).
///
/// Potentials: every free row shares `freePotential` (the source's), a held row `r` in
/// column `j` has `price[j] - assignedCost[r]`, and the sink has `sinkPotential`. The
/// reduced cost of edge `r → k` is `cost + potential(r) - price[k]`; of "column `k` has a
/// free seat" is `price[k] - sinkPotential`. Both stay non-negative throughout.
private struct Graph {
    let start: UnsafeBufferPointer<Int>
    let column: UnsafeBufferPointer<Int32>
    let cost: UnsafeBufferPointer<Int32>
    let seatStart: UnsafeBufferPointer<Int>
    let capacity: UnsafeBufferPointer<Int32>
    var w: Workspace
    let rows: Int
    let columns: Int
    let profitLimit: Int
    var freePotential = 0
    var sinkPotential = 0
    var freeCount = 0
    var phase: Int32 = 0
    /// Stamp of the breadth-first and depth-first round (several per phase).
    var pass: Int32 = 0

    init(
        start: UnsafeBufferPointer<Int>, column: UnsafeBufferPointer<Int32>, cost: UnsafeBufferPointer<Int32>,
        seatStart: UnsafeBufferPointer<Int>, capacity: UnsafeBufferPointer<Int32>, w: Workspace,
        rows: Int, columns: Int, profitLimit: Int
    ) {
        self.start = start
        self.column = column
        self.cost = cost
        self.seatStart = seatStart
        self.capacity = capacity
        self.w = w
        self.rows = rows
        self.columns = columns
        self.profitLimit = profitLimit
    }

    @inline(__always) func hasSeat(_ k: Int) -> Bool {
        Int(w.load[k]) < min(Int(capacity[k]), rows)
    }

    mutating func run() {
        // Rows without an edge can never be assigned; they take no part.
        for r in 0..<rows where start[r + 1] > start[r] {
            w.freeRows[freeCount] = Int32(r)
            freeCount += 1
        }
        while freeCount > 0 {
            phase &+= 1
            guard shortestPaths() else { return }
            // The real cost of the cheapest augmenting path (the potentials telescope
            // along it): every later path costs at least as much, so once it reaches the
            // cost of leaving a row out, assigning more rows gains nothing.
            if sinkPotential - freePotential >= profitLimit { return }
            augmentAlongTightPaths()
            var kept = 0
            for f in 0..<freeCount {
                let r = Int(w.freeRows[f])
                if w.assigned[r] < 0 {
                    w.freeRows[kept] = Int32(r)
                    kept += 1
                }
            }
            freeCount = kept
        }
    }

    /// The edges by column (the rows that list each column, with the edge's cost beside
    /// it, so the backward scan reads one stream), for backward searches.
    mutating func buildColumnEdges() {
        let edgeStart = UnsafeMutableBufferPointer<Int>.allocate(capacity: columns + 1)
        edgeStart.initialize(repeating: 0)
        let edges = start[rows]
        for e in 0..<edges { edgeStart[Int(column[e]) + 1] += 1 }
        for k in 0..<columns { edgeStart[k + 1] += edgeStart[k] }
        let edgeRow = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(edges, 1))
        let edgeCost = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(edges, 1))
        let fill = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(columns, 1))
        for k in 0..<columns { fill[k] = edgeStart[k] }
        for r in 0..<rows {
            for e in start[r]..<start[r + 1] {
                let k = Int(column[e])
                edgeRow[fill[k]] = Int32(r)
                edgeCost[fill[k]] = cost[e]
                fill[k] += 1
            }
        }
        fill.deallocate()
        w.columnEdgeStart = edgeStart
        w.columnEdgeRow = edgeRow
        w.columnEdgeCost = edgeCost
    }

    @inline(__always) mutating func relax(_ k: Int, _ d: Int) {
        if w.reached[k] != phase {
            w.reached[k] = phase
            w.distance[k] = d
            w.heap.push(k, d, w.distance)
        } else if d < w.distance[k], w.finalized[k] != phase {
            w.distance[k] = d
            w.heap.decrease(k, d, w.distance)
        }
    }

    /// Dijkstra from every free row at once to the nearest column with a free seat; moves
    /// the potentials by the distances found so that
    /// every shortest path is made of zero-reduced-cost edges; false when no path is left.
    mutating func shortestPaths() -> Bool {
        w.heap.removeAll()
        // The free rows' edges give each column a first distance; the heap is built once
        // from those, not updated per edge (early on, nearly every row is free).
        for f in 0..<freeCount {
            let r = Int(w.freeRows[f])
            for e in start[r]..<start[r + 1] {
                let k = Int(column[e])
                let d = Int(cost[e]) + freePotential - w.price[k]
                if w.reached[k] != phase {
                    w.reached[k] = phase
                    w.distance[k] = d
                } else if d < w.distance[k] {
                    w.distance[k] = d
                }
            }
        }
        for k in 0..<columns where w.reached[k] == phase { w.heap.push(k, w.distance[k], w.distance) }
        var best = Int.max
        var scannedCount = 0
        while let j = w.heap.top() {
            let dj = w.distance[j]
            if dj >= best { break }
            w.heap.pop(w.distance)
            w.finalized[j] = phase
            w.scanned[scannedCount] = Int32(j)
            scannedCount += 1
            if hasSeat(j) {
                let toSink = dj + w.price[j] - sinkPotential
                if toSink < best { best = toSink }
            }
            // Held rows sit at the column's distance (their edge to it is tight).
            let first = seatStart[j]
            for s in first..<(first + Int(w.load[j])) {
                let r = Int(w.seatRow[s])
                let base = dj + w.price[j] - Int(w.assignedCost[r])
                for e in start[r]..<start[r + 1] {
                    let k = Int(column[e])
                    if w.finalized[k] == phase { continue }
                    relax(k, base + Int(cost[e]) - w.price[k])
                }
            }
        }
        if best == Int.max { return false }
        for s in 0..<scannedCount {
            let j = Int(w.scanned[s])
            w.price[j] -= best - w.distance[j]
        }
        freePotential -= best
        return true
    }

    /// The potential of row `r`: the free rows' shared one, or implied by the tight edge
    /// to the column that holds it.
    @inline(__always) func potential(_ r: Int) -> Int {
        let j = Int(w.assigned[r])
        return j < 0 ? freePotential : w.price[j] - Int(w.assignedCost[r])
    }

    @inline(__always) func isSink(_ k: Int) -> Bool {
        hasSeat(k) && w.price[k] == sinkPotential
    }

    /// Augmenting paths of zero reduced cost, in passes until one finds none, so that no
    /// tight path is left for the next phase. A pass searches depth-first from the side
    /// with fewer ends: from the free rows forwards, or from the columns with a usable free
    /// seat backwards (late, when few seats are left and many rows cannot use them, this
    /// never enters the large region that leads to no seat). Within a pass a column whose
    /// search failed is dead, an edge passed over is not tried again, and the columns of
    /// a path found reopen.
    mutating func augmentAlongTightPaths() {
        while true {
            pass &+= 1
            var sinks = 0
            for k in 0..<columns where isSink(k) {
                w.sinkColumns[sinks] = Int32(k)
                sinks += 1
            }
            if sinks == 0 { return }
            let found = sinks < freeCount ? augmentBackwards(sinks) : augmentForwards()
            if found == 0 { return }
        }
    }

    mutating func augmentForwards() -> Int {
        var found = 0
        for f in 0..<freeCount {
            let s = Int(w.freeRows[f])
            if w.assigned[s] >= 0 { continue }
            var depth = 0
            w.pathRow[0] = Int32(s)
            w.rowPhase[s] = pass
            w.nextEdge[s] = start[s]
            w.insideColumn[s] = -1
            searching: while depth >= 0 {
                let r = Int(w.pathRow[depth])
                let inside = Int(w.insideColumn[r])
                if inside >= 0 {
                    // Try the next row held by the column this row would move into.
                    let seat = Int(w.nextSeat[inside])
                    if seat < Int(w.load[inside]) {
                        w.nextSeat[inside] += 1
                        let t = Int(w.seatRow[seatStart[inside] + seat])
                        if w.rowPhase[t] != pass {
                            w.rowPhase[t] = pass
                            w.nextEdge[t] = start[t]
                        }
                        w.insideColumn[t] = -1
                        depth += 1
                        w.pathRow[depth] = Int32(t)
                        continue searching
                    }
                    // Every held row failed: the column stays marked, dead for the pass.
                    w.insideColumn[r] = -1
                    w.nextEdge[r] += 1
                }
                let base = potential(r)
                var e = w.nextEdge[r]
                let end = start[r + 1]
                while e < end {
                    let k = Int(column[e])
                    if w.visited[k] != pass, Int(cost[e]) + base == w.price[k] {
                        w.nextEdge[r] = e
                        if isSink(k) {
                            augmentForwardPath(depth, into: k)
                            found += 1
                            break searching
                        }
                        w.visited[k] = pass
                        if w.seatPhase[k] != pass {
                            w.seatPhase[k] = pass
                            w.nextSeat[k] = 0
                        }
                        w.insideColumn[r] = Int32(k)
                        continue searching
                    }
                    e += 1
                }
                w.nextEdge[r] = end
                depth -= 1
            }
        }
        return found
    }

    /// Shifts the rows of a forward path: the last row takes the free seat of `sink`,
    /// each earlier row the seat its successor leaves; the columns passed through reopen.
    mutating func augmentForwardPath(_ depth: Int, into sink: Int) {
        var target = sink
        var seat = seatStart[sink] + Int(w.load[sink])
        w.load[sink] += 1
        var level = depth
        while level >= 0 {
            let r = Int(w.pathRow[level])
            let previous = Int(w.assigned[r])
            let previousSeat = Int(w.seatOf[r])
            move(r, to: target, seat: seat, cost: cost[w.nextEdge[r]])
            w.insideColumn[r] = -1
            if level == 0 { break }
            // The row came from the column the row before it moves into.
            target = previous
            seat = previousSeat
            w.visited[previous] = -1
            level -= 1
        }
    }

    @inline(__always) mutating func move(_ r: Int, to k: Int, seat: Int, cost edgeCost: Int32) {
        w.assigned[r] = Int32(k)
        w.assignedCost[r] = edgeCost
        w.seatRow[seat] = Int32(r)
        w.seatOf[r] = Int32(seat)
    }

    /// Depth-first searches backwards from each column with a usable free seat: over a
    /// tight edge to the row that would move in, then to the column that row leaves,
    /// until a free row is found.
    mutating func augmentBackwards(_ sinks: Int) -> Int {
        if w.columnEdgeStart == nil { buildColumnEdges() }
        let edgeStart = w.columnEdgeStart!, edgeRow = w.columnEdgeRow!, edgeCost = w.columnEdgeCost!
        var found = 0
        for q in 0..<sinks {
            let sink = Int(w.sinkColumns[q])
            searchingSink: while isSink(sink), w.visited[sink] != pass {
                var depth = 0
                w.pathColumn[0] = Int32(sink)
                w.visited[sink] = pass
                if w.seatPhase[sink] != pass {
                    w.seatPhase[sink] = pass
                    w.nextSeat[sink] = Int32(edgeStart[sink])
                }
                searching: while depth >= 0 {
                    let k = Int(w.pathColumn[depth])
                    let price = w.price[k]
                    var c = Int(w.nextSeat[k])
                    let end = edgeStart[k + 1]
                    while c < end {
                        let r = Int(edgeRow[c])
                        let j = Int(w.assigned[r])
                        if j != k, j < 0 || w.visited[j] != pass,
                           Int(edgeCost[c]) + (j < 0 ? freePotential : w.price[j] - Int(w.assignedCost[r])) == price {
                            w.nextSeat[k] = Int32(c)
                            if j < 0 {
                                augmentBackwardPath(depth, edgeRow, edgeCost)
                                found += 1
                                continue searchingSink
                            }
                            w.visited[j] = pass
                            if w.seatPhase[j] != pass {
                                w.seatPhase[j] = pass
                                w.nextSeat[j] = Int32(edgeStart[j])
                            }
                            depth += 1
                            w.pathColumn[depth] = Int32(j)
                            continue searching
                        }
                        c += 1
                    }
                    // Dead for the pass; the parent moves past the edge that led here.
                    w.nextSeat[k] = Int32(end)
                    depth -= 1
                    if depth >= 0 { w.nextSeat[Int(w.pathColumn[depth])] += 1 }
                }
                break
            }
        }
        return found
    }

    /// Shifts the rows of a backward path: the row at the sink's edge takes the sink's
    /// free seat, the row at the next column's edge the seat it leaves, and so on to the
    /// free row; the columns passed through reopen.
    mutating func augmentBackwardPath(
        _ depth: Int, _ edgeRow: UnsafeMutableBufferPointer<Int32>, _ edgeCost: UnsafeMutableBufferPointer<Int32>
    ) {
        let sink = Int(w.pathColumn[0])
        var seat = seatStart[sink] + Int(w.load[sink])
        w.load[sink] += 1
        for level in 0...depth {
            let k = Int(w.pathColumn[level])
            let c = Int(w.nextSeat[k])
            let r = Int(edgeRow[c])
            let leftSeat = Int(w.seatOf[r])
            move(r, to: k, seat: seat, cost: edgeCost[c])
            seat = leftSeat
            w.visited[k] = -1
        }
    }
}

/// Binary min-heap of columns keyed by their distance, with decrease-key; ties go to
/// the lower column, so the order of exploration never depends on chance.
private struct IndexedHeap {
    var items: UnsafeMutableBufferPointer<Int32>
    var position: UnsafeMutableBufferPointer<Int32>
    var count = 0

    init(count n: Int) {
        items = .allocate(capacity: max(n, 1))
        items.initialize(repeating: 0)
        position = .allocate(capacity: max(n, 1))
        position.initialize(repeating: -1)
    }

    func deallocate() {
        items.deallocate()
        position.deallocate()
    }

    mutating func removeAll() {
        for i in 0..<count { position[Int(items[i])] = -1 }
        count = 0
    }

    func top() -> Int? { count > 0 ? Int(items[0]) : nil }

    @inline(__always) private func less(_ a: Int32, _ b: Int32, _ key: UnsafeMutableBufferPointer<Int>) -> Bool {
        let ka = key[Int(a)], kb = key[Int(b)]
        return ka < kb || (ka == kb && a < b)
    }

    mutating func push(_ k: Int, _ d: Int, _ key: UnsafeMutableBufferPointer<Int>) {
        items[count] = Int32(k)
        position[k] = Int32(count)
        count += 1
        siftUp(count - 1, key)
    }

    mutating func decrease(_ k: Int, _ d: Int, _ key: UnsafeMutableBufferPointer<Int>) {
        siftUp(Int(position[k]), key)
    }

    mutating func pop(_ key: UnsafeMutableBufferPointer<Int>) {
        position[Int(items[0])] = -1
        count -= 1
        if count == 0 { return }
        items[0] = items[count]
        position[Int(items[0])] = 0
        var i = 0
        let moving = items[0]
        while true {
            let left = 2 * i + 1
            if left >= count { break }
            var child = left
            if left + 1 < count, less(items[left + 1], items[left], key) { child = left + 1 }
            if !less(items[child], moving, key) { break }
            items[i] = items[child]
            position[Int(items[i])] = Int32(i)
            i = child
        }
        items[i] = moving
        position[Int(moving)] = Int32(i)
    }

    @inline(__always) private mutating func siftUp(_ start: Int, _ key: UnsafeMutableBufferPointer<Int>) {
        var i = start
        let moving = items[i]
        while i > 0 {
            let parent = (i - 1) / 2
            if !less(moving, items[parent], key) { break }
            items[i] = items[parent]
            position[Int(items[i])] = Int32(i)
            i = parent
        }
        items[i] = moving
        position[Int(moving)] = Int32(i)
    }
}
