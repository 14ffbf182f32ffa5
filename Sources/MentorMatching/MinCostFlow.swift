/// A small minimum-cost flow for the session-limited timetable: successive shortest
/// paths found with a queue-based Bellman–Ford, which accepts the negative costs that
/// encode scores. Sized for a speed-meeting session (hundreds of people), not for the
/// large assignment instances, which have their own solvers.
struct MinCostFlow {
    private var head: [Int]
    private var to: [Int] = []
    private var next: [Int] = []
    private var capacity: [Int] = []
    private var cost: [Int] = []

    init(nodeCount: Int) {
        head = [Int](repeating: -1, count: nodeCount)
    }

    /// Adds an arc and its residual twin; returns the arc's id.
    @discardableResult
    mutating func addArc(from u: Int, to v: Int, capacity c: Int, cost w: Int) -> Int {
        let id = to.count
        to.append(v); capacity.append(c); cost.append(w); next.append(head[u]); head[u] = id
        to.append(u); capacity.append(0); cost.append(-w); next.append(head[v]); head[v] = id + 1
        return id
    }

    /// Flow on an arc returned by ``addArc(from:to:capacity:cost:)``.
    func flow(onArc id: Int) -> Int { capacity[id ^ 1] }

    /// Pushes flow along cheapest paths while they lower the total cost, which gives the
    /// minimum-cost flow of any value (not necessarily the maximum flow).
    mutating func augmentWhileProfitable(from source: Int, to sink: Int) {
        let nodeCount = head.count
        while true {
            var distance = [Int](repeating: Int.max, count: nodeCount)
            var viaArc = [Int](repeating: -1, count: nodeCount)
            var inQueue = [Bool](repeating: false, count: nodeCount)
            var queue = [source]
            var front = 0
            distance[source] = 0
            inQueue[source] = true
            while front < queue.count {
                let u = queue[front]
                front += 1
                inQueue[u] = false
                var arc = head[u]
                while arc >= 0 {
                    let v = to[arc]
                    if capacity[arc] > 0, distance[u] + cost[arc] < distance[v] {
                        distance[v] = distance[u] + cost[arc]
                        viaArc[v] = arc
                        if !inQueue[v] {
                            inQueue[v] = true
                            queue.append(v)
                        }
                    }
                    arc = next[arc]
                }
                // Keep the queue from growing without bound on long runs.
                if front > 4096, front * 2 > queue.count {
                    queue.removeFirst(front)
                    front = 0
                }
            }
            guard distance[sink] < 0 else { return }
            var bottleneck = Int.max
            var v = sink
            while v != source {
                let arc = viaArc[v]
                bottleneck = min(bottleneck, capacity[arc])
                v = to[arc ^ 1]
            }
            v = sink
            while v != source {
                let arc = viaArc[v]
                capacity[arc] -= bottleneck
                capacity[arc ^ 1] += bottleneck
                v = to[arc ^ 1]
            }
        }
    }
}
