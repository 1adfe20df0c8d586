/// The last values of a view, one per train, for trends (scalars) and accumulated scatters
/// (points views that publish one point per train). Each entry has a sequence number so a
/// client can ask for what it has not seen yet.
struct HistoryRing: Sendable {
    struct Entry: Sendable, Equatable {
        var sequence: UInt64
        var trainID: UInt64
        var a: Double
        var b: Double
    }

    let capacity: Int
    private(set) var entries: [Entry] = []
    private var start = 0
    private(set) var lastSequence: UInt64 = 0

    init(capacity: Int) { self.capacity = max(1, capacity) }

    mutating func append(trainID: UInt64, _ a: Double, _ b: Double = .nan) {
        lastSequence += 1
        let entry = Entry(sequence: lastSequence, trainID: trainID, a: a, b: b)
        if entries.count < capacity {
            entries.append(entry)
        } else {
            entries[start] = entry
            start = (start + 1) % capacity
        }
    }

    /// Entries with a sequence number above `sequence`, oldest first.
    func since(_ sequence: UInt64) -> [Entry] {
        guard sequence < lastSequence else { return [] }
        let wanted = Int(min(UInt64(entries.count), lastSequence - sequence))
        var out: [Entry] = []
        out.reserveCapacity(wanted)
        let n = entries.count
        for i in (n - wanted)..<n { out.append(entries[(start + i) % n]) }
        return out
    }
}
