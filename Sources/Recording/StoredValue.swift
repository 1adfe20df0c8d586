import ByteSlices
import HDF5
import KaraboBridge

/// The type and per-train shape of an HDF5 column.
enum ColumnKind: Hashable, CustomStringConvertible {
    /// Numbers of one element type; each train adds one row of `shape`.
    case numeric(HDF5ScalarType, shape: [Int])
    /// One variable-length UTF-8 string per train.
    case string

    var description: String {
        switch self {
        case let .numeric(type, shape): return "\(type)\(shape)"
        case .string: return "string"
        }
    }
}

/// One row's data.
enum RowPayload {
    /// Native-layout bytes viewed in place (arrays straight from the received frames).
    case slice(ByteSlice)
    /// Native-layout bytes built here (scalars, lists, byte-swapped arrays).
    case inline([UInt8])
    /// A string.
    case string(String)

    var byteCount: Int {
        switch self {
        case let .slice(s): return s.count
        case let .inline(b): return b.count
        case let .string(s): return s.utf8.count
        }
    }
}

/// One value of one source in one train, ready for its column.
struct StoredValue {
    /// Path below `SECTION/SOURCE/` (e.g. `image/data`, `a/b/value`).
    let datasetPath: String
    /// The key it had in the stream; nil for values made up here (CONTROL timestamps).
    let bridgeKey: String?
    /// The INDEX group (first key component for INSTRUMENT data, `""` for CONTROL).
    let indexGroup: String
    let kind: ColumnKind
    let payload: RowPayload
    /// The value was a byte string (stored as a string).
    let wasBytes: Bool
}

extension StoredValue {
    /// The values of `source` as the EuXFEL layout stores them. Values the layout cannot
    /// hold (None, lists of strings, mixed lists, complex, float16, fixed strings,
    /// empty arrays, non-UTF-8 bytes) are left out and counted in `skipped`.
    static func values(of source: SourceData, timestampNanoseconds: UInt64, skipped: inout Int) -> [StoredValue] {
        let section = EuXFELLayout.section(of: source.name)
        var leaves: [(String, Value)] = []
        for (key, value) in source.data where !(key == "metadata" && value.map != nil) {
            flatten(key, value, into: &leaves)
        }
        var result: [StoredValue] = []
        switch section {
        case .instrument:
            for (key, value) in leaves {
                guard let (kind, payload, wasBytes) = storable(value) else { skipped += 1; continue }
                result.append(StoredValue(datasetPath: EuXFELLayout.components(of: key).joined(separator: "/"),
                                          bridgeKey: key, indexGroup: EuXFELLayout.indexGroup(of: key, in: .instrument),
                                          kind: kind, payload: payload, wasBytes: wasBytes))
            }
        case .control:
            let keys = Set(leaves.map(\.0))
            let stamps = Dictionary(leaves.filter { $0.0.hasSuffix(".timestamp") }, uniquingKeysWith: { a, _ in a })
            for (key, value) in leaves {
                // `X.timestamp` beside `X.value` (serve-files' layout) is that value's timestamp.
                if key.hasSuffix(".timestamp"), keys.contains(String(key.dropLast(".timestamp".count)) + ".value"),
                   value.uint64 != nil {
                    continue
                }
                guard let (kind, payload, wasBytes) = storable(value) else { skipped += 1; continue }
                var parts = EuXFELLayout.components(of: key)
                var stampKey: String?
                var stamp = timestampNanoseconds
                if key.hasSuffix(".value") && parts.count > 1 {
                    parts.removeLast()
                    let sibling = String(key.dropLast(".value".count)) + ".timestamp"
                    if let t = stamps[sibling]?.uint64 {
                        stampKey = sibling
                        stamp = t
                    }
                }
                let base = parts.joined(separator: "/")
                result.append(StoredValue(datasetPath: base + "/value", bridgeKey: key, indexGroup: "",
                                          kind: kind, payload: payload, wasBytes: wasBytes))
                result.append(StoredValue(datasetPath: base + "/timestamp", bridgeKey: stampKey, indexGroup: "",
                                          kind: .numeric(.uint64, shape: []), payload: .inline(bytes(of: stamp)),
                                          wasBytes: false))
            }
        }
        return result
    }

    /// Nested maps become dotted keys.
    private static func flatten(_ key: String, _ value: Value, into leaves: inout [(String, Value)]) {
        if case let .map(map) = value, !map.isEmpty {
            for (k, v) in map { flatten(key + "." + k, v, into: &leaves) }
        } else {
            leaves.append((key, value))
        }
    }

    /// The column kind and row of a value, or nil when the layout cannot store it.
    static func storable(_ value: Value) -> (ColumnKind, RowPayload, Bool)? {
        switch value {
        case let .bool(b): return (.numeric(.bool, shape: []), .inline([b ? 1 : 0]), false)
        case let .int(i): return (.numeric(.int64, shape: []), .inline(bytes(of: i)), false)
        case let .uint(u):
            if let i = Int64(exactly: u) { return (.numeric(.int64, shape: []), .inline(bytes(of: i)), false) }
            return (.numeric(.uint64, shape: []), .inline(bytes(of: u)), false)
        case let .double(d): return (.numeric(.float64, shape: []), .inline(bytes(of: d)), false)
        case let .string(s) where !s.utf8.contains(0): return (.string, .string(s), false)
        case let .bytes(b):
            guard !b.contains(0), let s = String(validating: b.bytes, as: UTF8.self) else { return nil }
            return (.string, .string(s), true)
        case let .array(a), let .scalar(a): return storable(a)
        case let .list(items): return storableList(items)
        default: return nil
        }
    }

    private static func storable(_ array: NDArray) -> (ColumnKind, RowPayload, Bool)? {
        // HDF5 chunks (one row each for large arrays) must stay below 4 GiB.
        guard let type = hdf5Type(array.dtype), array.count > 0, array.byteCount < Int(UInt32.max) else { return nil }
        let data = array.contiguousData
        let kind = ColumnKind.numeric(type, shape: array.shape)
        guard array.dtype.isBigEndian else { return (kind, .slice(data), false) }
        // Stored little-endian (native): swap each element.
        var swapped = data.bytes
        let size = array.dtype.itemSize
        for start in stride(from: 0, to: swapped.count, by: size) { swapped[start..<(start + size)].reverse() }
        return (kind, .inline(swapped), false)
    }

    private static func storableList(_ items: [Value]) -> (ColumnKind, RowPayload, Bool)? {
        guard !items.isEmpty else { return nil }
        if items.allSatisfy({ if case .bool = $0 { return true }; return false }) {
            return (.numeric(.bool, shape: [items.count]), .inline(items.map { $0 == .bool(true) ? 1 : 0 }), false)
        }
        let integers = items.allSatisfy { if case .int = $0 { return true }; if case .uint = $0 { return true }; return false }
        if integers {
            if items.allSatisfy({ $0.int64 != nil }) {
                return (.numeric(.int64, shape: [items.count]), .inline(items.flatMap { bytes(of: $0.int64!) }), false)
            }
            if items.allSatisfy({ $0.uint64 != nil }) {
                return (.numeric(.uint64, shape: [items.count]), .inline(items.flatMap { bytes(of: $0.uint64!) }), false)
            }
            return nil
        }
        let numbers = items.allSatisfy { if case .double = $0 { return true }; if case .int = $0 { return true }; if case .uint = $0 { return true }; return false }
        if numbers {
            return (.numeric(.float64, shape: [items.count]), .inline(items.flatMap { bytes(of: $0.double!) }), false)
        }
        return nil
    }

    /// The HDF5 element type holding a dtype's elements, if there is one.
    static func hdf5Type(_ dtype: DType) -> HDF5ScalarType? {
        switch (dtype.kind, dtype.itemSize) {
        case (.bool, 1): return .bool
        case (.signedInteger, 1): return .int8
        case (.signedInteger, 2): return .int16
        case (.signedInteger, 4): return .int32
        case (.signedInteger, 8): return .int64
        case (.unsignedInteger, 1): return .uint8
        case (.unsignedInteger, 2): return .uint16
        case (.unsignedInteger, 4): return .uint32
        case (.unsignedInteger, 8): return .uint64
        case (.float, 4): return .float32
        case (.float, 8): return .float64
        default: return nil
        }
    }

    static func bytes<T: BitwiseCopyable>(of value: T) -> [UInt8] {
        withUnsafeBytes(of: value) { Array($0) }
    }
}
