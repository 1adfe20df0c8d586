import ByteSlices
import MessagePack
import OrderedCollections

/// Encodes ``Train``s as Karabo Bridge messages that the Python `karabo_bridge.Client`
/// decodes to the same keys, values, dtypes, shapes and bytes.
///
/// In 2.2, array payload frames are the arrays' own memory (zero copy when contiguous).
/// Sources go out in name order, as the reference serializer sends them.
public struct BridgeEncoder: Sendable {
    /// The protocol to speak.
    public var protocolVersion: ProtocolVersion

    public init(protocolVersion: ProtocolVersion = .v2_2) {
        self.protocolVersion = protocolVersion
    }

    /// The frames of one message.
    public func encode(_ train: Train) -> [ByteSlice] {
        let sources = train.sources.values.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        switch protocolVersion {
        case .v2_2: return encodeVersion2(sources)
        case .v1_0: return [encodeVersion1(sources)]
        }
    }

    private func encodeVersion2(_ sources: [SourceData]) -> [ByteSlice] {
        let writer = MessagePackWriter()
        var frames: [ByteSlice] = []
        for source in sources {
            writer.beginMap(count: 3)
            writer.pack("source"); writer.pack(source.name)
            writer.pack("content"); writer.pack("msgpack")
            writer.pack("metadata"); BridgeEncoder.pack(source.metadata.entries, into: writer, numpy: false)
            frames.append(writer.finish())

            var arrays: [(String, NDArray)] = []
            var plain = OrderedDictionary<String, Value>()
            for (key, value) in source.data {
                if case let .array(a) = value { arrays.append((key, a)) } else { plain[key] = value }
            }
            BridgeEncoder.pack(plain, into: writer, numpy: false)
            frames.append(writer.finish())

            for (key, array) in arrays {
                writer.beginMap(count: 5)
                writer.pack("source"); writer.pack(source.name)
                writer.pack("content"); writer.pack("array")
                writer.pack("path"); writer.pack(key)
                writer.pack("dtype"); writer.pack(array.dtype.numpyName)
                writer.pack("shape"); writer.beginArray(count: array.shape.count)
                for extent in array.shape { writer.pack(UInt64(extent)) }
                frames.append(writer.finish())
                frames.append(array.contiguousData)
            }
        }
        return frames
    }

    private func encodeVersion1(_ sources: [SourceData]) -> ByteSlice {
        let writer = MessagePackWriter()
        writer.beginMap(count: sources.count)
        for source in sources {
            var data = source.data
            data["metadata"] = .map(source.metadata.entries)
            writer.pack(source.name)
            BridgeEncoder.pack(data, into: writer, numpy: true)
        }
        return writer.finish()
    }

    /// Packs a string-keyed map. With `numpy`, arrays and numpy scalars become msgpack-numpy maps
    /// (protocol 1.0); without, numpy scalars become plain numbers as `value.item()` gives.
    static func pack(_ map: OrderedDictionary<String, Value>, into writer: MessagePackWriter, numpy: Bool) {
        writer.beginMap(count: map.count)
        for (key, value) in map {
            writer.pack(key)
            pack(value, into: writer, numpy: numpy)
        }
    }

    static func pack(_ value: Value, into writer: MessagePackWriter, numpy: Bool) {
        switch value {
        case .none: writer.packNil()
        case let .bool(b): writer.pack(b)
        case let .int(i): writer.pack(i)
        case let .uint(u): writer.pack(u)
        case let .double(d): writer.pack(d)
        case let .string(s): writer.pack(s)
        case let .bytes(b): writer.packBinary(b)
        case let .list(items):
            writer.beginArray(count: items.count)
            for item in items { pack(item, into: writer, numpy: numpy) }
        case let .map(m): pack(m, into: writer, numpy: numpy)
        case let .array(a): packNumpy(a, isArray: true, into: writer)
        case let .scalar(a):
            if numpy { packNumpy(a, isArray: false, into: writer) } else { packItem(a, into: writer) }
        }
    }

    /// msgpack-numpy 0.4.8's layout: bin keys `nd`, `type`, (`kind`, `shape`,) `data`.
    static func packNumpy(_ array: NDArray, isArray: Bool, into writer: MessagePackWriter) {
        func key(_ k: String) { Array(k.utf8).withUnsafeBytes { writer.packBinary($0) } }
        writer.beginMap(count: isArray ? 5 : 3)
        key("nd"); writer.pack(isArray)
        key("type"); writer.pack(array.dtype.typestr)
        if isArray {
            key("kind"); writer.packBinary(ByteSlice.empty)
            key("shape"); writer.beginArray(count: array.shape.count)
            for extent in array.shape { writer.pack(UInt64(extent)) }
        }
        key("data"); writer.packBinary(array.contiguousData)
    }

    /// A numpy scalar as the Python number `value.item()` gives.
    static func packItem(_ scalar: NDArray, into writer: MessagePackWriter) {
        switch scalar.dtype.kind {
        case .bool: writer.pack((scalar.integers()?.first ?? 0) != 0)
        case .signedInteger: writer.pack(Int64(bitPattern: scalar.integers()?.first ?? 0))
        case .unsignedInteger: writer.pack(scalar.integers()?.first ?? 0)
        case .float: writer.pack(scalar.doubles()?.first ?? .nan)
        default: writer.packBinary(scalar.contiguousData)
        }
    }
}
