import ByteSlices
import Foundation
import KaraboBridge

/// `simulate --like PATH`: trains with the sources, keys, value types, dtypes, shapes,
/// metadata keys and pulse counts of a recording's first trains (cycled), with generated
/// content: arrays a deterministic pattern per (source, key, shape), numbers varying with
/// the train ID, strings and bytes as recorded, fresh train IDs and timestamps.
struct LikeTemplate {
    /// The recorded trains used as templates (at most ``maxTemplates``).
    let trains: [Train]
    /// Trains per second of the recording.
    let rate: Double
    static let maxTemplates = 16
    private var cache: [String: ByteSlice] = [:]

    init(trains: [Train], rate: Double) {
        self.trains = trains
        self.rate = rate
    }

    /// Train `index` of the simulation with train ID `trainID` sent at Unix time `now`.
    mutating func train(_ index: Int, trainID: UInt64, now: Double) -> Train {
        var train = trains[index % trains.count]
        let stamp = Metadata(source: "", trainID: trainID, timestamp: now)
        for name in train.sources.keys {
            guard var source = train.sources[name] else { continue }
            // Same metadata keys; train ID and timestamps fresh (a late source keeps its delay).
            let offset = Int64(bitPattern: (source.trainID ?? 0) &- (train.majorityTrainID ?? source.trainID ?? 0))
            for key in source.metadata.entries.keys {
                switch key {
                case "timestamp.tid": source.metadata.entries[key] = .uint(UInt64(bitPattern: Int64(bitPattern: trainID) &+ offset))
                case "timestamp", "timestamp.sec", "timestamp.frac":
                    if let fresh = stamp.entries[key] { source.metadata.entries[key] = Self.sameType(fresh, as: source.metadata.entries[key]) }
                default: break
                }
            }
            for key in source.data.keys {
                guard let value = source.data[key] else { continue }
                source.data[key] = generate(value, source: name, key: key, trainID: trainID, metadata: source.metadata)
            }
            train.sources[name] = source
        }
        train.trainID = trainID
        return train
    }

    /// A fresh value of the same kind.
    private mutating func generate(_ value: Value, source: String, key: String, trainID: UInt64, metadata: Metadata) -> Value {
        let phase = Double(trainID % 1000)
        switch value {
        case let .array(array):
            return .array(generated(array, source: source, key: key))
        case let .scalar(array):
            return .scalar(generated(array, source: source, key: key))
        case .int: return .int(Int64(trainID % 1000))
        case .uint: return .uint(trainID % 1000)
        case .double: return .double(sin(phase * 0.1) * 10 + 100)
        case let .list(items):
            return .list(items.enumerated().map { generate($1, source: source, key: key + "[\($0)]", trainID: trainID, metadata: metadata) })
        case let .map(entries):
            var out = entries
            for (k, v) in entries {
                if key == "metadata" {
                    out[k] = metadata.entries[k] ?? v  // serve-files' copy of the metadata inside the data
                } else {
                    out[k] = generate(v, source: source, key: key + "." + k, trainID: trainID, metadata: metadata)
                }
            }
            return .map(out)
        default:
            return value  // strings, bytes, bools, None: as recorded
        }
    }

    /// A C-order array of the same dtype and shape: a smooth pattern plus a ramp.
    private mutating func generated(_ array: NDArray, source: String, key: String) -> NDArray {
        let id = "\(source)|\(key)|\(array.dtype.wireName)|\(array.shape)"
        let data: ByteSlice
        if let cached = cache[id] {
            data = cached
        } else {
            data = ByteSlice(HeapBytes(count: array.byteCount) { (buffer: UnsafeMutableRawBufferPointer) in
                Self.fill(buffer, dtype: array.dtype, count: array.count)
            })
            cache[id] = data
        }
        return (try? NDArray(dtype: array.dtype, shape: array.shape, data: data)) ?? array
    }

    static func fill(_ buffer: UnsafeMutableRawBufferPointer, dtype: DType, count: Int) {
        guard count > 0, let base = buffer.baseAddress else { return }
        if dtype.isBigEndian || dtype.kind == .complex || !dtype.isNumeric {
            buffer.initializeMemory(as: UInt8.self, repeating: 0)
            return
        }
        func pattern(_ i: Int) -> Double { 100 + 50 * sin(Double(i % 4096) * 0.01) + Double(i % 97) }
        switch (dtype.kind, dtype.itemSize) {
        case (.float, 4): for i in 0..<count { base.storeBytes(of: Float(pattern(i)), toByteOffset: i * 4, as: Float.self) }
        case (.float, 8): for i in 0..<count { base.storeBytes(of: pattern(i), toByteOffset: i * 8, as: Double.self) }
        case (.unsignedInteger, 1), (.signedInteger, 1), (.bool, 1):
            for i in 0..<count { base.storeBytes(of: UInt8(dtype.kind == .bool ? i % 2 : i % 100), toByteOffset: i, as: UInt8.self) }
        case (.unsignedInteger, 2), (.signedInteger, 2):
            for i in 0..<count { base.storeBytes(of: UInt16(pattern(i)), toByteOffset: i * 2, as: UInt16.self) }
        case (.unsignedInteger, 4), (.signedInteger, 4):
            for i in 0..<count { base.storeBytes(of: UInt32(pattern(i)), toByteOffset: i * 4, as: UInt32.self) }
        case (.unsignedInteger, 8), (.signedInteger, 8):
            for i in 0..<count { base.storeBytes(of: UInt64(i), toByteOffset: i * 8, as: UInt64.self) }
        default:
            buffer.initializeMemory(as: UInt8.self, repeating: 0)
        }
    }

    /// `fresh` in the wire type of `old` (EXtra-foam sends `timestamp.sec`/`.frac` as ints).
    static func sameType(_ fresh: Value, as old: Value?) -> Value {
        switch (old, fresh) {
        case let (.uint?, .string(text)): return UInt64(text).map { .uint($0) } ?? fresh
        case let (.int?, .string(text)): return Int64(text).map { .int($0) } ?? fresh
        default: return fresh
        }
    }
}
