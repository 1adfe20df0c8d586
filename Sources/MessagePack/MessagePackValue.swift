import ByteSlices

/// One decoded (or to-be-encoded) MessagePack value.
///
/// Integers keep the sign distinction of the wire format: msgpack-c reports every
/// non-negative integer as ``uint(_:)`` (whatever encoding it had on the wire) and every
/// negative one as ``int(_:)``. Use ``int64Value`` / ``uint64Value`` to read either.
public enum MessagePackValue: Sendable, Equatable {
    /// `nil` (0xc0).
    case `nil`
    /// `true` / `false`.
    case bool(Bool)
    /// A negative integer. Decoded values are always `< 0`; when packing, any `Int64`
    /// is written in its smallest encoding.
    case int(Int64)
    /// A non-negative integer.
    case uint(UInt64)
    /// A single-precision float (0xca).
    case float32(Float)
    /// A double-precision float (0xcb).
    case float64(Double)
    /// A str, validated as UTF-8.
    case string(String)
    /// A bin. When decoded it is a zero-copy slice of the input's storage.
    case binary(ByteSlice)
    /// An array.
    case array([MessagePackValue])
    /// A map, as key/value pairs in wire order. Keys can be any value.
    case map([MessagePackPair])
    /// An extension value; when decoded, `data` is a zero-copy slice of the input.
    case ext(type: Int8, data: ByteSlice)
}
