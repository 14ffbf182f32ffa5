/// Jonker–Volgenant (LAPJV) for a dense square cost matrix: column reduction, reduction
/// transfer, rounds of augmenting row reduction, then shortest augmenting paths. When many
/// rows share the columns' minima (equal scores), a greedy matching on the minima replaces
/// the original column reduction.
///
/// The first three phases assign most rows cheaply; the last phase is an exact Dijkstra
/// over dense rows, so the result is a minimum-cost perfect assignment. Costs are small
/// non-negative integers (the caller encodes scores as costs), which keeps every
/// comparison exact and the run deterministic.
enum DenseAssignment {
    /// Returns, for every row, the column it is assigned to in a minimum-cost perfect
    /// assignment of the `size`×`size` row-major `cost` matrix.
    /// `largestCost` bounds the costs (found by a scan when not given).
    static func solve(cost: [Int32], size n: Int, largestCost: Int? = nil) -> [Int] {
        precondition(cost.count == n * n, "cost matrix must be square")
        if n == 0 { return [] }
        let largest = largestCost ?? cost.reduce(0) { max($0, Int($1)) }
        return cost.withUnsafeBufferPointer { c in
            // Potentials and distances stay within (n + 1) · largest cost of zero; when that
            // fits in 32 bits, halving the width of the arrays the scans read keeps them in
            // the first-level cache for thousands of columns.
            2 * (n + 1) * max(largest, 1) < Int(Int32.max) ? solve(c, n, as: Int32.self) : solve(c, n, as: Int.self)
        }
    }

    /// The same for a square of scores 0–100, each costing `100 - score`, read in place:
    /// a quarter of the bytes of a cost matrix, and no copy to make.
    static func solve(scores: [UInt8], size n: Int) -> [Int] {
        precondition(scores.count == n * n, "score matrix must be square")
        if n == 0 { return [] }
        return scores.withUnsafeBufferPointer { s in
            2 * (n + 1) * 100 < Int(Int32.max) ? solve(s, n, as: Int32.self) : solve(s, n, as: Int.self)
        }
    }

    /// The phases over raw pointers: no closure captures (which the optimizer reloads on
    /// every access), no bounds or overflow checks in the scans. Costs are at most a few
    /// million and paths at most `n` long, so no sum comes near `Int.max`.
    private static func solve<Cell: CostCell, T: FixedWidthInteger & SignedInteger>(
        _ cost: UnsafeBufferPointer<Cell>, _ n: Int, as _: T.Type
    ) -> [Int] {
        let c = cost.baseAddress!
        let infinity = T.max / 4
        let rowsol = UnsafeMutablePointer<Int>.allocate(capacity: n)
        let colsol = UnsafeMutablePointer<Int>.allocate(capacity: n)
        let v = UnsafeMutablePointer<T>.allocate(capacity: n)
        let free = UnsafeMutablePointer<Int>.allocate(capacity: n)
        let collist = UnsafeMutablePointer<Int32>.allocate(capacity: n)
        let d = UnsafeMutablePointer<T>.allocate(capacity: n)
        let pred = UnsafeMutablePointer<Int>.allocate(capacity: n)
        defer {
            for p in [rowsol, colsol, free, pred] { p.deallocate() }
            collist.deallocate(); v.deallocate(); d.deallocate()
        }
        rowsol.initialize(repeating: -1, count: n)
        colsol.initialize(repeating: -1, count: n)
        var freeCount = start(c, n, rowsol, colsol, v, free)

        // Augmenting row reduction: cheap single-step reassignments. Twice as in the
        // original, then again while a round still frees a tenth of the free rows: with
        // scores from questionnaires (many equal) later rounds keep paying, which saves
        // whole Dijkstra searches below.
        var round = 0
        var freeBefore = Int.max
        while round < 2 || (round < 6 && freeCount * 10 <= freeBefore * 9) {
            round &+= 1
            freeBefore = freeCount
            var k = 0
            let previousFreeCount = freeCount
            freeCount = 0
            while k < previousFreeCount {
                let i = free[k]
                k &+= 1
                let row = c + i * n
                var uMin = Cell.cost(row[0], as: T.self) &- v[0]
                var j1 = 0
                var j2 = 0
                var uSubMin = infinity
                var j = 1
                while j < n {
                    let h = Cell.cost(row[j], as: T.self) &- v[j]
                    if h < uSubMin {
                        if h >= uMin {
                            uSubMin = h
                            j2 = j
                        } else {
                            uSubMin = uMin
                            uMin = h
                            j2 = j1
                            j1 = j
                        }
                    }
                    j &+= 1
                }
                var i0 = colsol[j1]
                if uMin < uSubMin {
                    // Guard against a single column: there is no second minimum.
                    if uSubMin < infinity { v[j1] &-= uSubMin &- uMin }
                } else if i0 >= 0 {
                    j1 = j2
                    i0 = colsol[j2]
                }
                rowsol[i] = j1
                colsol[j1] = i
                if i0 >= 0 {
                    rowsol[i0] = -1
                    if uMin < uSubMin {
                        k &-= 1
                        free[k] = i0
                    } else {
                        free[freeCount] = i0
                        freeCount &+= 1
                    }
                }
            }
        }

        // Shortest augmenting path (Dijkstra over dense rows) for each row still free.
        for f in 0..<freeCount {
            augment(from: free[f], c, n, rowsol, colsol, v, d, pred, collist)
        }
        return Array(UnsafeBufferPointer(start: rowsol, count: n))
    }

    /// Column reduction and the first assignment of rows to columns, with reduction
    /// transfer: sets each column's potential and the rows' columns where it can, and
    /// returns how many rows are left free (listed first in `free`).
    @inline(never)
    private static func start<Cell: CostCell, T: FixedWidthInteger & SignedInteger>(
        _ c: UnsafePointer<Cell>, _ n: Int, _ rowsol: UnsafeMutablePointer<Int>,
        _ colsol: UnsafeMutablePointer<Int>, _ v: UnsafeMutablePointer<T>, _ free: UnsafeMutablePointer<Int>
    ) -> Int {
        let infinity = T.max / 4
        let matches = UnsafeMutablePointer<Int32>.allocate(capacity: n)
        let columnMinimumRow = UnsafeMutablePointer<Int>.allocate(capacity: n)
        let best = UnsafeMutablePointer<Cell>.allocate(capacity: n)
        defer { matches.deallocate(); columnMinimumRow.deallocate(); best.deallocate() }
        matches.initialize(repeating: 0, count: n)
        columnMinimumRow.initialize(repeating: 0, count: n)

        // The smallest cell of each column, row by row in the matrix's own type (bytes of
        // scores compare sixteen or more at a time).
        best.initialize(from: c, count: n)
        var i = 1
        while i < n {
            let row = c + i * n
            var j = 0
            while j < n {
                best[j] = Cell.better(best[j], row[j])
                j &+= 1
            }
            i &+= 1
        }
        // How often rows share their columns' minima, on the first rows. Scores from
        // profiles tie at a column's minimum in one or two rows; uniform scores 0–100 on
        // a large square in dozens (every mentee can score 100 with many mentors).
        let sampleRows = min(n, 64)
        var tiedCells = 0
        for i in 0..<sampleRows {
            let row = c + i * n
            for j in 0..<n where row[j] == best[j] { tiedCells &+= 1 }
        }
        var freeCount = 0
        if tiedCells >= 3 * sampleRows {
            // Many rows share each minimum. The original below gives a column to the first
            // row holding its minimum and keeps one column per row: the first rows hold
            // most minima and most rows stay free, each to be searched for. Instead each
            // row in turn takes a free column at its minimum, if it has one (a greedy
            // matching on the minima: nearly every row finds one), then transfers its
            // slack to it: the column's potential falls by the row's smallest reduced
            // cost elsewhere. Reduced costs start at 0 or above and potentials only fall
            // from here on, so 0 is the least a reduced cost can be: both scans of a row
            // stop at one. Each search starts after the column last taken, so the taken
            // ones lie behind it.
            for j in 0..<n { v[j] = Cell.cost(best[j], as: T.self) }
            var cursor = 0
            i = 0
            while i < n {
                let row = c + i * n
                var minimum = infinity
                var taken = -1
                var j = cursor
                var end = n
                var wrapped = false
                search: while true {
                    while j < end {
                        let h = Cell.cost(row[j], as: T.self) &- v[j]
                        if h == 0 && colsol[j] < 0 {
                            taken = j
                            j &+= 1
                            break search
                        }
                        if h < minimum { minimum = h }
                        j &+= 1
                    }
                    if wrapped { break }
                    wrapped = true
                    j = 0
                    end = cursor
                }
                if taken < 0 {
                    free[freeCount] = i
                    freeCount &+= 1
                } else {
                    rowsol[i] = taken
                    colsol[taken] = i
                    cursor = taken &+ 1 == n ? 0 : taken &+ 1
                    // The rest of the row, around to the column taken.
                    while true {
                        while j < end && minimum > 0 {
                            let h = Cell.cost(row[j], as: T.self) &- v[j]
                            if h < minimum { minimum = h }
                            j &+= 1
                        }
                        if wrapped || minimum == 0 { break }
                        wrapped = true
                        j = 0
                        end = taken
                    }
                    if minimum < infinity { v[taken] &-= minimum }
                }
                i &+= 1
            }
        } else {
            // Column reduction. Column minima are gathered row by row, which reads the
            // row-major matrix sequentially; the first row with the minimum wins, as in
            // the column-wise original.
            for j in 0..<n { v[j] = Cell.cost(c[j], as: T.self) }
            i = 1
            while i < n {
                let row = c + i * n
                var j = 0
                while j < n {
                    let h = Cell.cost(row[j], as: T.self)
                    if h < v[j] {
                        v[j] = h
                        columnMinimumRow[j] = i
                    }
                    j &+= 1
                }
                i &+= 1
            }
            for j in stride(from: n - 1, through: 0, by: -1) {
                let iMin = columnMinimumRow[j]
                matches[iMin] &+= 1
                if matches[iMin] == 1 {
                    rowsol[iMin] = j
                    colsol[j] = iMin
                } else if v[j] < v[rowsol[iMin]] {
                    let j1 = rowsol[iMin]
                    rowsol[iMin] = j
                    colsol[j] = iMin
                    colsol[j1] = -1
                } else {
                    colsol[j] = -1
                }
            }

            // Reduction transfer: move slack from assigned columns to their rows.
            for i in 0..<n {
                if matches[i] == 0 {
                    free[freeCount] = i
                    freeCount &+= 1
                } else if matches[i] == 1 {
                    let j1 = rowsol[i]
                    let row = c + i * n
                    var minimum = infinity
                    var j = 0
                    while j < n {
                        if j != j1 {
                            let h = Cell.cost(row[j], as: T.self) &- v[j]
                            if h < minimum { minimum = h }
                        }
                        j &+= 1
                    }
                    if minimum < infinity { v[j1] &-= minimum }
                }
            }
        }
        return freeCount
    }

    /// How many rows of a square of scores the first assignment leaves free (for tests:
    /// on equal best scores it should leave few).
    static func rowsLeftFreeAtStart(scores: [UInt8], size n: Int) -> Int {
        precondition(scores.count == n * n, "score matrix must be square")
        let rowsol = UnsafeMutablePointer<Int>.allocate(capacity: n)
        let colsol = UnsafeMutablePointer<Int>.allocate(capacity: n)
        let v = UnsafeMutablePointer<Int>.allocate(capacity: n)
        let free = UnsafeMutablePointer<Int>.allocate(capacity: n)
        defer { rowsol.deallocate(); colsol.deallocate(); v.deallocate(); free.deallocate() }
        rowsol.initialize(repeating: -1, count: n)
        colsol.initialize(repeating: -1, count: n)
        return scores.withUnsafeBufferPointer { start($0.baseAddress!, n, rowsol, colsol, v, free) }
    }

    /// One search of the last phase: the shortest augmenting path from `freeRow`, then
    /// the potentials of the columns it settled and the assignment along the path.
    /// `d` holds a column's distance plus its potential: the potentials do not change
    /// during one search, and the row scan, the hot loop, then compares without them.
    /// A function of its own, so that its loops get the registers to themselves: inlined
    /// into the phases before it, the hot loop reloaded an array's address from the stack
    /// on every column and ran a quarter slower.
    @inline(never)
    private static func augment<Cell: CostCell, T: FixedWidthInteger & SignedInteger>(
        from freeRow: Int, _ c: UnsafePointer<Cell>, _ n: Int,
        _ rowsol: UnsafeMutablePointer<Int>, _ colsol: UnsafeMutablePointer<Int>,
        _ v: UnsafeMutablePointer<T>, _ d: UnsafeMutablePointer<T>,
        _ pred: UnsafeMutablePointer<Int>, _ collist: UnsafeMutablePointer<Int32>
    ) {
        let freeRowCosts = c + freeRow * n
        for j in 0..<n {
            d[j] = Cell.cost(freeRowCosts[j], as: T.self)
            pred[j] = freeRow
            collist[j] = Int32(truncatingIfNeeded: j)
        }
        var low = 0
        var up = 0
        var last = 0
        var minimum: T = 0
        var endOfPath = -1
        while endOfPath < 0 {
            if up == low {
                // The columns at the smallest distance among those left.
                last = low &- 1
                minimum = d[Int(collist[up])] &- v[Int(collist[up])]
                up &+= 1
                var k = up
                while k < n {
                    let j = Int(collist[k])
                    let h = d[j] &- v[j]
                    if h <= minimum {
                        if h < minimum {
                            up = low
                            minimum = h
                        }
                        collist[k] = collist[up]
                        collist[up] = Int32(truncatingIfNeeded: j)
                        up &+= 1
                    }
                    k &+= 1
                }
                var k2 = low
                while k2 < up {
                    if colsol[Int(collist[k2])] < 0 {
                        endOfPath = Int(collist[k2])
                        break
                    }
                    k2 &+= 1
                }
            }
            if endOfPath < 0 {
                // Scan the row assigned to the next column at the smallest distance.
                let j1 = Int(collist[low])
                low &+= 1
                let i = colsol[j1]
                let row = c + i * n
                let h = Cell.cost(row[j1], as: T.self) &- v[j1] &- minimum
                var k = up
                while k < n {
                    let j = Int(collist[k])
                    let v2 = Cell.cost(row[j], as: T.self) &- h
                    if v2 < d[j] {
                        pred[j] = i
                        if v2 &- v[j] == minimum {
                            if colsol[j] < 0 {
                                endOfPath = j
                                break
                            }
                            collist[k] = collist[up]
                            collist[up] = Int32(truncatingIfNeeded: j)
                            up &+= 1
                        }
                        d[j] = v2
                    }
                    k &+= 1
                }
            }
        }
        // Columns scanned before the minimum level keep dual feasibility.
        if last >= 0 {
            for k in 0...last {
                let j1 = Int(collist[k])
                // v += distance - minimum, where distance = d - v.
                v[j1] = d[j1] &- minimum
            }
        }
        var i = -1
        repeat {
            i = pred[endOfPath]
            colsol[endOfPath] = i
            let j1 = endOfPath
            endOfPath = rowsol[i]
            rowsol[i] = j1
        } while i != freeRow
    }

}

/// A cell of a matrix the dense solver reads: a cost as it is, or a score that costs
/// `100 - score`.
protocol CostCell: Equatable {
    static func cost<T: FixedWidthInteger>(_ cell: Self, as: T.Type) -> T
    /// The cheaper of two cells.
    static func better(_ a: Self, _ b: Self) -> Self
}

extension Int32: CostCell {
    @inline(__always) static func cost<T: FixedWidthInteger>(_ cell: Int32, as: T.Type) -> T {
        T(truncatingIfNeeded: cell)
    }

    @inline(__always) static func better(_ a: Int32, _ b: Int32) -> Int32 { Swift.min(a, b) }
}

extension UInt8: CostCell {
    @inline(__always) static func cost<T: FixedWidthInteger>(_ cell: UInt8, as: T.Type) -> T {
        100 &- T(truncatingIfNeeded: cell)
    }

    @inline(__always) static func better(_ a: UInt8, _ b: UInt8) -> UInt8 { Swift.max(a, b) }
}
