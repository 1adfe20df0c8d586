import ByteSlices
import MessagePack
import OrderedCollections

extension BridgeDecoder {
    /// Protocol 2.2 (and the header layout of 2.0/2.1): (header, payload) pairs.
    func decodeVersion2(_ frames: [ByteSlice]) throws(BridgeDecodeError) -> Train {
        var sources = OrderedDictionary<String, SourceData>()
        var budget = messagePack.maxElements
        for h in stride(from: 0, to: frames.count, by: 2) {
            let header = try decodeFrame(frames[h], index: h, budget: &budget)
            guard case let .map(fields) = header else { throw .headerNotMap(frame: h, got: header.typeName) }
            let source = try stringField(fields, "source", frame: h)
            let content = try stringField(fields, "content", frame: h)
            switch content {
            case "msgpack":
                let payload = try decodeFrame(frames[h + 1], index: h + 1, budget: &budget)
                guard case let .map(pairs) = payload else {
                    throw .payloadNotMap(frame: h + 1, source: source, got: payload.typeName)
                }
                let data = try ValueConverter(frame: h + 1, source: source, numpyMaps: false).map(pairs)
                var metadata = Metadata()
                if let md = header["metadata"] {
                    guard case let .map(mdPairs) = md else {
                        throw .wrongFieldType(frame: h, field: "metadata", expected: "map", got: md.typeName)
                    }
                    metadata.entries = try ValueConverter(frame: h, source: source, numpyMaps: false).map(mdPairs)
                } else {
                    metadata = BridgeDecoder.legacyMetadata(in: data)
                }
                sources[source] = SourceData(name: source, metadata: metadata, data: data)
            case "array", "ImageData":
                let path = try stringField(fields, "path", frame: h)
                guard sources[source] != nil else { throw .arrayBeforeSource(frame: h, source: source, path: path) }
                let dtypeName = try stringField(fields, "dtype", frame: h)
                let shape = try shapeField(fields, frame: h, source: source, path: path)
                guard DType.isNumpySpelling(dtypeName) else {
                    throw .badArray(frame: h, source: source, key: path, reason: "unknown dtype '\(dtypeName)'")
                }
                do {
                    let array = try NDArray(dtype: DType(parsing: dtypeName), shape: shape, data: frames[h + 1])
                    sources[source]!.data[path] = .array(array)
                } catch {
                    throw .badArray(frame: h + 1, source: source, key: path, reason: error.description)
                }
            default:
                throw .unknownContent(frame: h, content: content)
            }
        }
        let tid = sources.values.lazy.compactMap(\.trainID).first
        return Train(trainID: tid, protocolVersion: .v2_2, sources: sources)
    }

    /// Metadata of 2.0 (nested `metadata` map) and 2.1 (flattened `metadata.*` keys) messages.
    static func legacyMetadata(in data: OrderedDictionary<String, Value>) -> Metadata {
        if let nested = data["metadata"]?.map { return Metadata(entries: nested) }
        var entries = OrderedDictionary<String, Value>()
        for (key, value) in data where key.hasPrefix("metadata.") {
            entries[String(key.dropFirst("metadata.".count))] = value
        }
        return Metadata(entries: entries)
    }

    func stringField(_ fields: [MessagePackPair], _ name: String, frame: Int) throws(BridgeDecodeError) -> String {
        guard let value = MessagePackValue.map(fields)[name] else { throw .missingField(frame: frame, field: name) }
        guard let s = value.stringValue else {
            throw .wrongFieldType(frame: frame, field: name, expected: "str", got: value.typeName)
        }
        return s
    }

    /// The `shape` list of an array header; entries must be non-negative ints.
    func shapeField(_ fields: [MessagePackPair], frame: Int, source: String, path: String) throws(BridgeDecodeError) -> [Int] {
        guard let value = MessagePackValue.map(fields)["shape"] else { throw .missingField(frame: frame, field: "shape") }
        guard let items = value.arrayValue else {
            throw .wrongFieldType(frame: frame, field: "shape", expected: "list of int", got: value.typeName)
        }
        var shape: [Int] = []
        shape.reserveCapacity(items.count)
        for (axis, item) in items.enumerated() {
            guard let extent = BridgeDecoder.extent(item) else {
                throw .badArray(frame: frame, source: source, key: path,
                                reason: "shape entry \(axis) is \(BridgeDecoder.describe(item)), not a non-negative int")
            }
            shape.append(extent)
        }
        return shape
    }

    /// A shape entry as a non-negative `Int`, or nil.
    static func extent(_ item: MessagePackValue) -> Int? {
        guard let n = item.int64Value, let extent = Int(exactly: n), extent >= 0 else { return nil }
        return extent
    }

    /// A short rendering of a msgpack value for error messages: `-2`, `2.5`, `"x"`, `a map`.
    static func describe(_ item: MessagePackValue) -> String {
        switch item {
        case let .int(i): return "\(i)"
        case let .uint(u): return "\(u)"
        case let .float32(f): return "the float \(f)"
        case let .float64(d): return "the float \(d)"
        case let .string(s): return "the str \"\(s.prefix(40))\""
        case let .bool(b): return "\(b)"
        case .nil: return "nil"
        default: return "a msgpack \(item.typeName)"
        }
    }
}
