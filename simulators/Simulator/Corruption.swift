import ByteSlices
import KaraboBridge

/// Builds the malformed messages of `--corrupt` from a train's good frames.
enum Corruption {
    /// The frames of `train` (encoded as `frames`) made malformed in the way `kind` describes.
    static func apply(_ kind: CorruptionKind, to frames: [ByteSlice], train: Train) -> [ByteSlice] {
        train.protocolVersion == .v1_0 ? version1(kind, frames, train) : version2(kind, frames, train)
    }

    private static func version2(_ kind: CorruptionKind, _ frames: [ByteSlice], _ train: Train) -> [ByteSlice] {
        var out = frames
        let first = sortedSources(train).first?.name ?? "SIM/CORRUPT/0"
        switch kind {
        case .oddFrameCount:
            out.removeLast()
        case .invalidMessagePack:
            out[0] = ByteSlice(copying: [0xC1, 0xC1, 0xC1])
        case .truncatedArray:
            if let index = firstArrayPayload(train, frames: frames) {
                out[index] = frames[index].slice(offset: 0, count: frames[index].count - 1)!
            } else {
                out.insert(contentsOf: syntheticArrayPair(source: first, bytes: 1, declared: 2), at: 2)
            }
        case .arrayBeforeSource:
            out.insert(contentsOf: syntheticArrayPair(source: "SIM_CORRUPT/NOT/SENT:output", bytes: 1, declared: 1), at: 0)
        case .unknownContent:
            var w = TinyMessagePack()
            w.map(3)
            w.string("source"); w.string(first)
            w.string("content"); w.string("pickle.HIGHEST_PROTOCOL")
            w.string("metadata"); w.map(0)
            out[0] = w.slice
        case .headerNotMap:
            var w = TinyMessagePack()
            w.string("not a header")
            out[0] = w.slice
        }
        return out
    }

    private static func version1(_ kind: CorruptionKind, _ frames: [ByteSlice], _ train: Train) -> [ByteSlice] {
        let frame = frames[0]
        let first = sortedSources(train).first?.name ?? "SIM/CORRUPT/0"
        switch kind {
        case .oddFrameCount:
            return [frame, frame]
        case .invalidMessagePack:
            return [frame.slice(offset: 0, count: max(1, frame.count / 2))!]
        case .truncatedArray:
            var w = TinyMessagePack()
            w.map(1); w.string(first)
            w.map(2)
            w.string("image.data")
            w.map(5)
            w.binary(Array("nd".utf8)); w.bool(true)
            w.binary(Array("type".utf8)); w.string("<u2")
            w.binary(Array("kind".utf8)); w.binary([])
            w.binary(Array("shape".utf8)); w.array(1); w.uint(4)
            w.binary(Array("data".utf8)); w.binary([0, 0, 0, 0, 0, 0, 0])
            w.string("metadata"); w.map(2)
            w.string("source"); w.string(first)
            w.string("timestamp.tid"); w.uint(train.trainID ?? 0)
            return [w.slice]
        case .arrayBeforeSource:
            var w = TinyMessagePack()
            w.map(1); w.string(first); w.uint(42)
            return [w.slice]
        case .unknownContent:
            return [ByteSlice(utf8: "Error: simulated fault (train \(train.trainID ?? 0))")]
        case .headerNotMap:
            var w = TinyMessagePack()
            w.string("not a map of sources")
            return [w.slice]
        }
    }

    /// Sources in the order the encoder writes them.
    static func sortedSources(_ train: Train) -> [SourceData] {
        train.sources.values.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    /// Index of the first non-empty array payload frame in a 2.2 message.
    private static func firstArrayPayload(_ train: Train, frames: [ByteSlice]) -> Int? {
        var index = 0
        for source in sortedSources(train) {
            index += 2
            for value in source.data.values {
                guard case .array = value else { continue }
                if frames[index + 1].count > 0 { return index + 1 }
                index += 2
            }
        }
        return nil
    }

    /// An `array` header declaring `declared` uint8 elements, with a `bytes`-byte payload.
    private static func syntheticArrayPair(source: String, bytes: Int, declared: Int) -> [ByteSlice] {
        var w = TinyMessagePack()
        w.map(5)
        w.string("source"); w.string(source)
        w.string("content"); w.string("array")
        w.string("path"); w.string("data.corrupt")
        w.string("dtype"); w.string("uint8")
        w.string("shape"); w.array(1); w.uint(UInt64(declared))
        return [w.slice, ByteSlice(copying: [UInt8](repeating: 7, count: bytes))]
    }
}
