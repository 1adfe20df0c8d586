import Foundation

/// JSON as the dashboard reads and writes it: browser messages, control commands and replies,
/// view parameters. Integers stay exact (train IDs).
public indirect enum DashboardJSON: Sendable, Hashable, Codable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([DashboardJSON])
    case object([String: DashboardJSON])

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([DashboardJSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: DashboardJSON].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case let .bool(b): try c.encode(b)
        case let .int(i): try c.encode(i)
        case let .double(d): if d.isFinite { try c.encode(d) } else { try c.encodeNil() }
        case let .string(s): try c.encode(s)
        case let .array(a): try c.encode(a)
        case let .object(o): try c.encode(o)
        }
    }

    /// Parses JSON text.
    public static func parse(_ data: Data) throws(DashboardError) -> DashboardJSON {
        do { return try JSONDecoder().decode(DashboardJSON.self, from: data) } catch {
            throw .badJSON(String(describing: error))
        }
    }

    /// Parses JSON text.
    public static func parse(_ text: String) throws(DashboardError) -> DashboardJSON { try parse(Data(text.utf8)) }

    /// Compact JSON text with sorted keys.
    public var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    public var description: String { text }

    /// The member `key` of an object.
    public subscript(key: String) -> DashboardJSON? { if case let .object(o) = self { return o[key] }; return nil }
    /// The string, if this is one.
    public var string: String? { if case let .string(s) = self { return s }; return nil }
    /// The flag, if this is one.
    public var bool: Bool? { if case let .bool(b) = self { return b }; return nil }
    /// The elements, if this is an array.
    public var array: [DashboardJSON]? { if case let .array(a) = self { return a }; return nil }
    /// The members, if this is an object.
    public var object: [String: DashboardJSON]? { if case let .object(o) = self { return o }; return nil }
    /// A number (integers widen).
    public var double: Double? {
        switch self {
        case let .int(i): return Double(i)
        case let .double(d): return d
        default: return nil
        }
    }
    /// An integer (whole doubles narrow).
    public var int64: Int64? {
        switch self {
        case let .int(i): return i
        case let .double(d): return Int64(exactly: d)
        default: return nil
        }
    }
}
