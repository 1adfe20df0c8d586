import OrderedCollections

/// A JSON value: the one JSON model of the project (control commands and replies, the
/// dashboard's WebSocket messages, `glimpse --json`, the Python peers' output in tests).
///
/// Integers stay exact (`int` for what fits Int64, `uint` above it: train IDs), object members
/// keep their order, and text is written and parsed here without Foundation's coders (see
/// ``parse(_:)-(String)``, ``text`` and ``formatted(_:)``).
public indirect enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(OrderedDictionary<String, JSONValue>)

    /// The member `key` of an object.
    public subscript(key: String) -> JSONValue? { if case let .object(o) = self { return o[key] }; return nil }
    /// The string, if this is one.
    public var string: String? { if case let .string(s) = self { return s }; return nil }
    /// The flag, if this is one.
    public var bool: Bool? { if case let .bool(b) = self { return b }; return nil }
    /// The elements, if this is an array.
    public var array: [JSONValue]? { if case let .array(a) = self { return a }; return nil }
    /// The members, if this is an object.
    public var object: OrderedDictionary<String, JSONValue>? { if case let .object(o) = self { return o }; return nil }
    /// A number as a Double (integers widen).
    public var double: Double? {
        switch self {
        case let .int(i): return Double(i)
        case let .uint(u): return Double(u)
        case let .double(d): return d
        default: return nil
        }
    }
    /// An exact integer (whole doubles narrow).
    public var int64: Int64? {
        switch self {
        case let .int(i): return i
        case let .uint(u): return Int64(exactly: u)
        case let .double(d): return Int64(exactly: d)
        default: return nil
        }
    }
    /// An exact integer as Int.
    public var int: Int? { int64.flatMap { Int(exactly: $0) } }
    /// An exact non-negative integer.
    public var uint64: UInt64? {
        switch self {
        case let .int(i): return UInt64(exactly: i)
        case let .uint(u): return u
        case let .double(d): return UInt64(exactly: d)
        default: return nil
        }
    }
}

extension JSONValue: CustomStringConvertible {
    /// Compact JSON text.
    public var description: String { text }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
                     ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(OrderedDictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}

/// Equality is JSON's: objects are equal when they have the same members, in any order.
extension JSONValue: Hashable {
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.uint(a), .uint(b)): return a == b
        case let (.double(a), .double(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            guard a.count == b.count else { return false }
            for (key, value) in a {
                guard let other = b[key], other == value else { return false }
            }
            return true
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case let .bool(b): hasher.combine(b)
        case let .int(i): hasher.combine(i)
        case let .uint(u): hasher.combine(u)
        case let .double(d): hasher.combine(d)
        case let .string(s): hasher.combine(s)
        case let .array(items): hasher.combine(items)
        case let .object(members):
            // Order-independent: the members' hashes combined commutatively.
            var sum = 0
            for (key, value) in members {
                var h = Hasher()
                h.combine(key)
                h.combine(value)
                sum = sum &+ h.finalize()
            }
            hasher.combine(members.count)
            hasher.combine(sum)
        }
    }
}
