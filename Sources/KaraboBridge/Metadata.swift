import OrderedCollections

/// A source's metadata map, kept as received, with typed accessors that tolerate the
/// producers' quirks (string or integer `timestamp.sec`/`.frac`, missing timestamps).
public struct Metadata: Sendable, Equatable {
    /// Every entry, in wire order.
    public var entries: OrderedDictionary<String, Value>

    /// Metadata from entries as received.
    public init(entries: OrderedDictionary<String, Value> = [:]) {
        self.entries = entries
    }

    /// Metadata with the five keys the reference servers send.
    public init(source: String, trainID: UInt64, timestamp: Double?) {
        var e: OrderedDictionary<String, Value> = ["source": .string(source)]
        if let timestamp {
            let seconds = timestamp.rounded(.down)
            let frac = UInt64(((timestamp - seconds) * 1e18).rounded())
            e["timestamp"] = .double(timestamp)
            e["timestamp.sec"] = .string(String(UInt64(seconds)))
            let digits = String(frac)
            e["timestamp.frac"] = .string(String(repeating: "0", count: max(0, 18 - digits.count)) + digits)
        }
        e["timestamp.tid"] = .uint(trainID)
        self.entries = e
    }

    /// `source`.
    public var source: String? { entries["source"]?.string }
    /// `timestamp.tid`: the train ID.
    public var trainID: UInt64? { entries["timestamp.tid"]?.uint64 }
    /// `timestamp.sec` as an integer (sent as a string by most producers, as an int by some).
    public var seconds: UInt64? { entries["timestamp.sec"]?.uint64 }
    /// `timestamp.frac` in attoseconds.
    public var attoseconds: UInt64? { entries["timestamp.frac"]?.uint64 }
    /// Unix time: `timestamp`, or else `timestamp.sec` + `timestamp.frac`·10⁻¹⁸.
    public var timestamp: Double? {
        if let t = entries["timestamp"]?.double { return t }
        guard let s = seconds else { return nil }
        return Double(s) + Double(attoseconds ?? 0) * 1e-18
    }
    /// `ignored_keys`: keys the producer filtered out.
    public var ignoredKeys: [String] {
        guard case let .list(items)? = entries["ignored_keys"] else { return [] }
        return items.compactMap(\.string)
    }
}
