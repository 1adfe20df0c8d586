import ByteSlices
import KaraboBridge

/// Lays out a train's sources in messages for ``ReplayOptions/SourceOrder``: encoded as one
/// message (as recorded), one message with the sources in a new order every train, or one
/// message per source.
struct SourceOrderer {
    let order: ReplayOptions.SourceOrder
    private var state: UInt64
    private var previous: [String] = []

    init(_ order: ReplayOptions.SourceOrder) {
        self.order = order
        if case let .shuffled(seed) = order { state = seed } else { state = 0 }
    }

    /// The messages (frames each) that carry `train`.
    mutating func encode(_ train: Train, protocolVersion: ProtocolVersion) -> [[ByteSlice]] {
        let encoder = BridgeEncoder(protocolVersion: protocolVersion)
        switch order {
        case .asRecorded:
            return [encoder.encode(train)]
        case .split:
            return train.sources.values.map { encoder.encode(Self.single($0, of: train)) }
        case .shuffled:
            // 2.2 frames are per source, so a message in any order is the sources' frames
            // concatenated (the encoder itself sorts by name). 1.0 is one map: not reordered.
            guard protocolVersion == .v2_2, train.sources.count > 1 else { return [encoder.encode(train)] }
            var names = Array(train.sources.keys)
            for index in stride(from: names.count - 1, to: 0, by: -1) {
                names.swapAt(index, Int(next() % UInt64(index + 1)))
            }
            if names == previous { names.append(names.removeFirst()) }  // a different order every train
            previous = names
            return [names.flatMap { name in train.sources[name].map { encoder.encode(Self.single($0, of: train)) } ?? [] }]
        }
    }

    private static func single(_ source: SourceData, of train: Train) -> Train {
        var single = Train(sources: [source], protocolVersion: train.protocolVersion)
        single.trainID = source.trainID ?? train.trainID
        return single
    }

    /// SplitMix64.
    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
