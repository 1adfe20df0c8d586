import ByteSlices
import OrderedCollections

/// One value of a source's data map: what a msgpack value or an array decodes to.
public indirect enum Value: Sendable, Equatable {
    case none
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes(ByteSlice)
    case list([Value])
    case map(OrderedDictionary<String, Value>)
    /// An n-d array (a zero-copy view of the received frame).
    case array(NDArray)
    /// A numpy scalar as protocol 1.0 carries it (msgpack-numpy `nd: false`); a 0-d array.
    case scalar(NDArray)

    /// The string, if this is one.
    public var string: String? { if case let .string(s) = self { return s }; return nil }
    /// The array, if this is one (arrays only, not numpy scalars).
    public var array: NDArray? { if case let .array(a) = self { return a }; return nil }
    /// The nested map, if this is one.
    public var map: OrderedDictionary<String, Value>? { if case let .map(m) = self { return m }; return nil }

    /// A signed integer view of ints, uints that fit, and integer-valued numpy scalars.
    public var int64: Int64? {
        switch self {
        case let .int(v): return v
        case let .uint(v): return Int64(exactly: v)
        case let .scalar(a): return a.integers().flatMap { a.dtype.kind == .signedInteger ? Int64(bitPattern: $0[0]) : Int64(exactly: $0[0]) }
        default: return nil
        }
    }

    /// An unsigned view of non-negative integers, decimal strings and integer numpy scalars.
    public var uint64: UInt64? {
        switch self {
        case let .uint(v): return v
        case let .int(v): return UInt64(exactly: v)
        case let .string(s): return UInt64(s)
        case let .scalar(a) where a.dtype.kind == .unsignedInteger: return a.integers()?.first
        case let .scalar(a) where a.dtype.kind == .signedInteger:
            return a.integers().flatMap { UInt64(exactly: Int64(bitPattern: $0[0])) }
        default: return nil
        }
    }

    /// A Double view of any number (and numeric numpy scalars).
    public var double: Double? {
        switch self {
        case let .double(v): return v
        case let .int(v): return Double(v)
        case let .uint(v): return Double(v)
        case let .bool(v): return v ? 1 : 0
        case let .scalar(a): return a.doubles()?.first
        default: return nil
        }
    }

    /// A short type name for listings and errors (`int`, `str`, `ndarray`, …).
    public var typeName: String {
        switch self {
        case .none: return "None"
        case .bool: return "bool"
        case .int, .uint: return "int"
        case .double: return "float"
        case .string: return "str"
        case .bytes: return "bytes"
        case .list: return "list"
        case .map: return "dict"
        case .array: return "ndarray"
        case let .scalar(a): return a.dtype.numpyName
        }
    }
}
