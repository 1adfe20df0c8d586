/// Per-source train IDs: every source's metadata carries its own `timestamp.tid`, which need
/// not be the message's (a late source carries an older train).
extension Train {
    /// Each source's own train ID (nil for a source without one), in message order.
    public var sourceTrainIDs: [(source: String, trainID: UInt64?)] {
        sources.values.map { ($0.name, $0.trainID) }
    }

    /// The train ID most sources of the message carry (ties: the one the earliest such source
    /// carries); nil when no source has one. Unlike ``trainID`` (the first source's), one late
    /// source cannot make the whole message look late.
    public var majorityTrainID: UInt64? {
        var counts: [UInt64: Int] = [:]
        var order: [UInt64] = []
        for source in sources.values {
            guard let id = source.trainID else { continue }
            if counts[id] == nil { order.append(id) }
            counts[id, default: 0] += 1
        }
        var best: UInt64?, bestCount = 0
        for id in order where (counts[id] ?? 0) > bestCount {
            best = id
            bestCount = counts[id] ?? 0
        }
        return best
    }

    /// Sources whose own train ID differs from ``majorityTrainID``.
    public var disagreeingSources: [String] {
        guard let majority = majorityTrainID else { return [] }
        return sources.values.compactMap { source in
            guard let id = source.trainID, id != majority else { return nil }
            return source.name
        }
    }
}
