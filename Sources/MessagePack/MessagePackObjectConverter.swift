import ByteSlices
import CMsgPack

/// Turns a msgpack-c object tree into ``MessagePackValue``s while the input and the zone
/// are alive. Recursion depth is bounded by the scan's depth limit (at most 32).
struct MessagePackObjectConverter {
    /// The decoded message; bin and ext values become slices of it.
    let input: ByteSlice
    /// Address of the input's first byte, for turning msgpack-c pointers into offsets.
    let base: UnsafeRawPointer
    /// Number of input bytes.
    let count: Int

    func value(of object: msgpack_object) throws(MessagePackError) -> MessagePackValue {
        switch object.type {
        case MSGPACK_OBJECT_NIL:
            return .nil
        case MSGPACK_OBJECT_BOOLEAN:
            return .bool(object.via.boolean)
        case MSGPACK_OBJECT_POSITIVE_INTEGER:
            return .uint(object.via.u64)
        case MSGPACK_OBJECT_NEGATIVE_INTEGER:
            return .int(object.via.i64)
        case MSGPACK_OBJECT_FLOAT32:
            return .float32(Float(object.via.f64))
        case MSGPACK_OBJECT_FLOAT64:
            return .float64(object.via.f64)
        case MSGPACK_OBJECT_STR:
            return .string(try string(object.via.str.ptr, Int(object.via.str.size)))
        case MSGPACK_OBJECT_BIN:
            return .binary(try slice(object.via.bin.ptr, Int(object.via.bin.size)))
        case MSGPACK_OBJECT_EXT:
            return .ext(type: object.via.ext.type, data: try slice(object.via.ext.ptr, Int(object.via.ext.size)))
        case MSGPACK_OBJECT_ARRAY:
            let array = object.via.array
            var elements: [MessagePackValue] = []
            elements.reserveCapacity(Int(array.size))
            for index in 0..<Int(array.size) {
                elements.append(try value(of: array.ptr[index]))
            }
            return .array(elements)
        case MSGPACK_OBJECT_MAP:
            let map = object.via.map
            var pairs: [MessagePackPair] = []
            pairs.reserveCapacity(Int(map.size))
            for index in 0..<Int(map.size) {
                let entry = map.ptr[index]
                pairs.append(MessagePackPair(try value(of: entry.key), try value(of: entry.val)))
            }
            return .map(pairs)
        default:
            throw .malformed(offset: 0)
        }
    }

    /// The input offset of a pointer msgpack-c returned, checked to lie in the input.
    private func offset(of pointer: UnsafePointer<CChar>?, _ length: Int) throws(MessagePackError) -> Int {
        // Empty values may carry a stale or null pointer: they need no bytes.
        guard length > 0 else { return 0 }
        guard let pointer else { throw .malformed(offset: 0) }
        let offset = UnsafeRawPointer(pointer) - base
        guard offset >= 0, offset <= count - length else { throw .malformed(offset: 0) }
        return offset
    }

    private func slice(_ pointer: UnsafePointer<CChar>?, _ length: Int) throws(MessagePackError) -> ByteSlice {
        let start = try offset(of: pointer, length)
        guard let slice = input.slice(offset: start, count: length) else { throw .malformed(offset: start) }
        return slice
    }

    private func string(_ pointer: UnsafePointer<CChar>?, _ length: Int) throws(MessagePackError) -> String {
        guard length > 0 else { return "" }
        let start = try offset(of: pointer, length)
        let bytes = UnsafeRawBufferPointer(start: base + start, count: length)
        return try bytes.withMemoryRebound(to: UInt8.self) { (utf8: UnsafeBufferPointer<UInt8>) throws(MessagePackError) -> String in
            // `String(decoding:)` is specialised and fast but repairs invalid input with
            // U+FFFD; the bytes come back unchanged exactly when the input was valid UTF-8.
            // (`String(validating:as:)` takes a slow generic path with runtime metadata look-ups.)
            var string = String(decoding: utf8, as: UTF8.self)
            if bytes.isASCII { return string }
            let valid = string.withUTF8 { UnsafeRawBufferPointer($0).hasSameBytes(as: bytes) }
            guard valid else { throw .invalidUTF8(offset: start) }
            return string
        }
    }
}
