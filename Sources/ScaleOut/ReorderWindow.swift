import Views

/// Puts per-train results from several workers back into train order.
///
/// Each worker handles its trains in increasing train-ID order, so once every worker still
/// running has returned a result for train T or later, nothing before T can still come: held
/// results up to the smallest such ID are released. When a worker is slow or idle, the window
/// releases anyway once it holds more than `capacity` results or its oldest has waited
/// `maxWait`; a result that arrives after a later train was released is counted as late and
/// dropped, never published out of order. Trains without an ID (0) pass straight through.
struct ReorderWindow {
    let capacity: Int
    let maxWait: Duration
    private var held: [(output: StageOutput, arrived: ContinuousClock.Instant)] = []
    private var latest: [Int: UInt64] = [:]
    /// The last train ID released.
    private(set) var lastReleased: UInt64?
    /// Results dropped because a later train had been released already.
    private(set) var late = 0

    init(capacity: Int, maxWait: Duration) {
        self.capacity = max(1, capacity)
        self.maxWait = maxWait
    }

    /// Results held.
    var count: Int { held.count }

    /// Takes a result from `rank`; returns false when it is late (dropped and counted).
    mutating func insert(_ output: StageOutput, from rank: Int, now: ContinuousClock.Instant) -> Bool {
        latest[rank] = max(latest[rank] ?? 0, output.trainID)
        if output.trainID != 0, let last = lastReleased, output.trainID <= last {
            late += 1
            return false
        }
        let i = held.firstIndex { $0.output.trainID > output.trainID } ?? held.count
        held.insert((output, now), at: i)
        return true
    }

    /// The results that may go out now, in train order; `running` are the workers still expected
    /// to send (done and lost workers no longer hold the window back). `flush` releases everything.
    mutating func release(running: Set<Int>, now: ContinuousClock.Instant, flush: Bool = false) -> [StageOutput] {
        let bound = running.map { latest[$0] ?? 0 }.min() ?? UInt64.max
        var out: [StageOutput] = []
        while let first = held.first {
            let id = first.output.trainID
            guard flush || id == 0 || id <= bound || held.count > capacity || now - first.arrived >= maxWait else { break }
            held.removeFirst()
            if id != 0 { lastReleased = max(lastReleased ?? 0, id) }
            out.append(first.output)
        }
        return out
    }
}
