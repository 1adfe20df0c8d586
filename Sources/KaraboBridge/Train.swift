import OrderedCollections

/// Which Karabo Bridge protocol a message used.
public enum ProtocolVersion: String, Sendable, CaseIterable {
    /// One msgpack map, arrays as msgpack-numpy maps.
    case v1_0 = "1.0"
    /// Header/payload frame pairs per source, raw array frames.
    case v2_2 = "2.2"
}

/// One train: everything one bridge message carried, keyed by source.
public struct Train: Sendable, Equatable {
    /// The European XFEL train ID (`timestamp.tid`), from the first source that has one.
    public var trainID: UInt64?
    /// The protocol the message used.
    public var protocolVersion: ProtocolVersion
    /// Sources in message order.
    public var sources: OrderedDictionary<String, SourceData>
    /// Total bytes of the message's frames (0 for trains built in memory).
    public var messageBytes: Int

    public init(trainID: UInt64?, protocolVersion: ProtocolVersion = .v2_2,
                sources: OrderedDictionary<String, SourceData>, messageBytes: Int = 0) {
        self.trainID = trainID
        self.protocolVersion = protocolVersion
        self.sources = sources
        self.messageBytes = messageBytes
    }

    /// Builds a train from sources, taking the train ID from their metadata.
    public init(sources: [SourceData], protocolVersion: ProtocolVersion = .v2_2) {
        var dict = OrderedDictionary<String, SourceData>()
        for s in sources { dict[s.name] = s }
        self.init(trainID: sources.lazy.compactMap(\.trainID).first, protocolVersion: protocolVersion, sources: dict)
    }

    /// The source called `name`.
    public subscript(name: String) -> SourceData? { sources[name] }

    /// The value at `source[key]`.
    public subscript(source: String, key: String) -> Value? { sources[source]?.data[key] }
}
