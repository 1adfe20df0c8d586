import OrderedCollections

/// One source of a train: its metadata and its flattened key → value map.
public struct SourceData: Sendable, Equatable {
    /// The source name, e.g. `SPB_DET_AGIPD1M-1/DET/0CH0:xtdf`.
    public var name: String
    /// Metadata (header metadata in 2.2, the nested `metadata` map in 1.0).
    public var metadata: Metadata
    /// Dotted keys to values, in wire order. Like the reference client, a nested `metadata`
    /// map sent inside the data stays here too.
    public var data: OrderedDictionary<String, Value>

    public init(name: String, metadata: Metadata, data: OrderedDictionary<String, Value> = [:]) {
        self.name = name
        self.metadata = metadata
        self.data = data
    }

    /// The value under `key`.
    public subscript(key: String) -> Value? { data[key] }

    /// The array under `key`, if that value is an array.
    public func array(_ key: String) -> NDArray? { data[key]?.array }

    /// The train ID from the metadata, else from a nested `metadata` map in the data.
    public var trainID: UInt64? {
        metadata.trainID ?? data["metadata"]?.map?["timestamp.tid"]?.uint64
    }
}
