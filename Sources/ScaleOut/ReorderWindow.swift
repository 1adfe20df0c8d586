import Views

/// Puts per-train results from several workers back into train order.
///
/// The coordinator knows, per worker, the train in its hands (workers announce each train they
/// take, and say when they are idle); the smallest such train ID is the `bound`: every held result
/// before it can go out, in order. A result waits at most `maxWait`, and at most `capacity` results
/// are held; a result that arrives after a later train was released is counted as late and
/// dropped, never published out of order. Trains without an ID (0) pass straight through.
struct ReorderWindow {
    let capacity: Int
    let maxWait: Duration
    private var held: [(output: StageOutput, arrived: ContinuousClock.Instant)] = []
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

    /// Takes a result; returns false when it is late (dropped and counted).
    mutating func insert(_ output: StageOutput, now: ContinuousClock.Instant) -> Bool {
        if output.trainID != 0, let last = lastReleased, output.trainID <= last {
            late += 1
            return false
        }
        let i = held.firstIndex { $0.output.trainID > output.trainID } ?? held.count
        held.insert((output, now), at: i)
        return true
    }

    /// The results that may go out now, in train order: those before `bound` (the smallest train
    /// ID still in a worker's hands; nil: none), and beyond it the oldest while more than
    /// `capacity` are held or it has waited `maxWait`. `flush` releases everything.
    mutating func release(before bound: UInt64?, now: ContinuousClock.Instant, flush: Bool = false) -> [StageOutput] {
        var out: [StageOutput] = []
        while let first = held.first {
            let id = first.output.trainID
            let free = bound.map { id < $0 } ?? true
            guard flush || id == 0 || free || held.count > capacity || now - first.arrived >= maxWait else { break }
            held.removeFirst()
            if id != 0 { lastReleased = max(lastReleased ?? 0, id) }
            out.append(first.output)
        }
        return out
    }
}
