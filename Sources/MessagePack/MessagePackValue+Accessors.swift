import ByteSlices

extension MessagePackValue {
    /// The value stored under `key` when this is a map: the first entry whose key is a str
    /// or a bin equal to the UTF-8 bytes of `key`. `nil` when this is not a map or the key
    /// is absent.
    public subscript(key: String) -> MessagePackValue? {
        guard case .map(let pairs) = self else { return nil }
        var key = key
        return key.withUTF8 { (utf8: UnsafeBufferPointer<UInt8>) -> MessagePackValue? in
            let wanted = UnsafeRawBufferPointer(utf8)
            for pair in pairs where pair.key.hasUTF8Bytes(wanted) {
                return pair.value
            }
            return nil
        }
    }

    /// Whether this is a str or bin whose bytes equal `wanted`.
    private func hasUTF8Bytes(_ wanted: UnsafeRawBufferPointer) -> Bool {
        switch self {
        case .string(var string):
            return string.withUTF8 { UnsafeRawBufferPointer($0).hasSameBytes(as: wanted) }
        case .binary(let bytes):
            guard bytes.count == wanted.count else { return false }
            return bytes.withUnsafeBytes { $0.hasSameBytes(as: wanted) }
        default:
            return false
        }
    }

    /// The string of a str value.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer of an int, or of a uint that fits in `Int64`.
    public var int64Value: Int64? {
        switch self {
        case .int(let value): return value
        case .uint(let value): return Int64(exactly: value)
        default: return nil
        }
    }

    /// The integer of a uint, or of a non-negative int.
    public var uint64Value: UInt64? {
        switch self {
        case .uint(let value): return value
        case .int(let value): return UInt64(exactly: value)
        default: return nil
        }
    }

    /// Any float or integer, converted to `Double` (large integers round).
    public var doubleValue: Double? {
        switch self {
        case .float64(let value): return value
        case .float32(let value): return Double(value)
        case .int(let value): return Double(value)
        case .uint(let value): return Double(value)
        default: return nil
        }
    }

    /// The flag of a bool value.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The elements of an array value.
    public var arrayValue: [MessagePackValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The entries of a map value, in wire order.
    public var mapValue: [MessagePackPair]? {
        if case .map(let value) = self { return value }
        return nil
    }

    /// The bytes of a bin value.
    public var binaryValue: ByteSlice? {
        if case .binary(let value) = self { return value }
        return nil
    }

    /// The MessagePack type's short name, for error messages: "nil", "bool", "int",
    /// "uint", "float32", "float64", "str", "bin", "array", "map" or "ext".
    public var typeName: String {
        switch self {
        case .nil: "nil"
        case .bool: "bool"
        case .int: "int"
        case .uint: "uint"
        case .float32: "float32"
        case .float64: "float64"
        case .string: "str"
        case .binary: "bin"
        case .array: "array"
        case .map: "map"
        case .ext: "ext"
        }
    }
}
