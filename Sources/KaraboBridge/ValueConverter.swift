import ByteSlices
import MessagePack
import OrderedCollections

/// Turns decoded msgpack into ``Value``s, recognising msgpack-numpy maps in protocol 1.0.
struct ValueConverter {
    let frame: Int
    let source: String
    /// Whether maps with the bin key `nd` are msgpack-numpy arrays (protocol 1.0).
    let numpyMaps: Bool

    func map(_ pairs: [MessagePackPair]) throws(BridgeDecodeError) -> OrderedDictionary<String, Value> {
        var out = OrderedDictionary<String, Value>(minimumCapacity: pairs.count)
        for pair in pairs {
            let key = ValueConverter.keyString(pair.key) ?? "\(pair.key)"
            out[key] = try value(pair.value, key: key)
        }
        return out
    }

    func value(_ v: MessagePackValue, key: String) throws(BridgeDecodeError) -> Value {
        switch v {
        case .nil: return .none
        case let .bool(b): return .bool(b)
        case let .int(i): return .int(i)
        case let .uint(u): return .uint(u)
        case let .float32(f): return .double(Double(f))
        case let .float64(d): return .double(d)
        case let .string(s): return .string(s)
        case let .binary(b): return .bytes(b)
        case let .ext(_, data): return .bytes(data)
        case let .array(items):
            var list: [Value] = []
            list.reserveCapacity(items.count)
            for item in items { list.append(try value(item, key: key)) }
            return .list(list)
        case let .map(pairs):
            if numpyMaps, pairs.contains(where: { ValueConverter.isBinKey($0.key, "nd") }) {
                return try numpy(pairs, key: key)
            }
            return .map(try map(pairs))
        }
    }

    /// A msgpack-numpy map: `{b"nd": bool, b"type": str, b"kind": bin, b"shape": [int], b"data": bin}`.
    func numpy(_ pairs: [MessagePackPair], key: String) throws(BridgeDecodeError) -> Value {
        func field(_ name: String) -> MessagePackValue? {
            pairs.first(where: { ValueConverter.isBinKey($0.key, name) || $0.key.stringValue == name })?.value
        }
        func bad(_ reason: String) -> BridgeDecodeError {
            .badArray(frame: frame, source: source, key: key, reason: reason)
        }
        guard let isArray = field("nd")?.boolValue else { throw bad("msgpack-numpy 'nd' is not a bool") }
        guard let typeName = field("type")?.stringValue ?? field("type")?.binaryValue.map({ String(decoding: $0.bytes, as: UTF8.self) })
        else { throw bad("msgpack-numpy map has no 'type'") }
        guard let data = field("data")?.binaryValue else { throw bad("msgpack-numpy map has no bin 'data'") }
        var dtype = DType(parsing: typeName)
        guard DType.isNumpySpelling(typeName) || field("kind")?.binaryValue?.count ?? 0 > 0 else {
            throw bad("unknown dtype '\(typeName)'")
        }
        if let kind = field("kind")?.binaryValue, kind.count > 0, kind.elementsEqual(Array("V".utf8)) || kind.elementsEqual(Array("O".utf8)) {
            dtype = DType(parsing: "opaque:" + String(decoding: kind.bytes, as: UTF8.self) + ":" + typeName)
        }
        var shape: [Int] = []
        if isArray {
            guard let items = field("shape")?.arrayValue else { throw bad("msgpack-numpy array has no 'shape' list") }
            for (axis, item) in items.enumerated() {
                guard let extent = BridgeDecoder.extent(item) else {
                    throw bad("shape entry \(axis) is \(BridgeDecoder.describe(item)), not a non-negative int")
                }
                shape.append(extent)
            }
        }
        do {
            let array = try NDArray(dtype: dtype, shape: shape, data: data)
            return isArray ? .array(array) : .scalar(array)
        } catch {
            throw bad(error.description)
        }
    }

    static func isBinKey(_ key: MessagePackValue, _ name: String) -> Bool {
        guard case let .binary(b) = key else { return false }
        return b.elementsEqual(name.utf8)
    }

    /// A map key as text: str keys as they are, bin keys as UTF-8, others nil.
    static func keyString(_ key: MessagePackValue) -> String? {
        switch key {
        case let .string(s): return s
        case let .binary(b): return String(validating: b.bytes, as: UTF8.self)
        default: return nil
        }
    }
}
