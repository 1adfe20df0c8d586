import KaraboBridge
@testable import Matching

/// Synthetic messages: each source a small map carrying its own train ID in metadata and data.
enum Synthetic {
    /// One source of train `trainID` (its data holds the train ID too, to check mixing).
    static func source(_ name: String, _ trainID: UInt64?) -> SourceData {
        let metadata = trainID.map { Metadata(source: name, trainID: $0, timestamp: nil) } ?? Metadata()
        return SourceData(name: name, metadata: metadata, data: ["value.tid": .uint(trainID ?? 0)])
    }

    /// A message of `(source, trainID)` parts.
    static func message(_ parts: [(String, UInt64?)]) -> Train {
        Train(sources: parts.map { source($0.0, $0.1) })
    }

    /// Whether every source of `train` carries the train's own ID (metadata and data).
    static func isConsistent(_ train: Train) -> Bool {
        guard let id = train.trainID else { return false }
        return train.sources.values.allSatisfy { $0.trainID == id && $0.data["value.tid"]?.uint64 == id }
    }
}
