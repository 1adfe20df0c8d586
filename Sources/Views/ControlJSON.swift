import Foundation
import KaraboBridge
import OrderedCollections

/// JSON as the control socket reads and writes it (integers exact; key order kept when writing).
public indirect enum ControlJSON: Sendable, Hashable, Codable {
    case null, bool(Bool), int(Int64), double(Double), string(String)
    case array([ControlJSON])
    case object(OrderedDictionary<String, ControlJSON>)

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        if let c = try? decoder.container(keyedBy: Key.self) {
            var o = OrderedDictionary<String, ControlJSON>()
            for k in c.allKeys { o[k.stringValue] = try c.decode(ControlJSON.self, forKey: k) }
            self = .object(o)
        } else if var c = try? decoder.unkeyedContainer() {
            var a: [ControlJSON] = []
            while !c.isAtEnd { a.append(try c.decode(ControlJSON.self)) }
            self = .array(a)
        } else {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null }
            else if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else if let i = try? c.decode(Int64.self) { self = .int(i) }
            else if let d = try? c.decode(Double.self) { self = .double(d) }
            else { self = .string(try c.decode(String.self)) }
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .null: var c = encoder.singleValueContainer(); try c.encodeNil()
        case let .bool(b): var c = encoder.singleValueContainer(); try c.encode(b)
        case let .int(i): var c = encoder.singleValueContainer(); try c.encode(i)
        case let .double(d): var c = encoder.singleValueContainer(); try c.encode(d.isFinite ? d : 0)
        case let .string(s): var c = encoder.singleValueContainer(); try c.encode(s)
        case let .array(items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(item) }
        case let .object(fields):
            var c = encoder.container(keyedBy: Key.self)
            for (k, v) in fields { try c.encode(v, forKey: Key(stringValue: k)) }
        }
    }

    /// Parses JSON text.
    public static func parse(_ data: Data) throws -> ControlJSON { try JSONDecoder().decode(ControlJSON.self, from: data) }

    /// Compact JSON text.
    public var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    public subscript(key: String) -> ControlJSON? { if case let .object(o) = self { return o[key] }; return nil }
    public var string: String? { if case let .string(s) = self { return s }; return nil }
    public var object: OrderedDictionary<String, ControlJSON>? { if case let .object(o) = self { return o }; return nil }

    /// The value as a parameter (nil for null and objects).
    public var parameter: ParameterValue? {
        switch self {
        case let .bool(b): return .bool(b)
        case let .int(i): return Int(exactly: i).map(ParameterValue.int)
        case let .double(d): return .double(d)
        case let .string(s): return .string(s)
        case let .array(items):
            let p = items.compactMap(\.parameter)
            return p.count == items.count ? .list(p) : nil
        case .null, .object: return nil
        }
    }

    /// A bridge value as JSON (arrays as their shape and dtype only).
    public init(_ value: Value) {
        switch value {
        case .none: self = .null
        case let .bool(b): self = .bool(b)
        case let .int(i): self = .int(i)
        case let .uint(u): self = Int64(exactly: u).map(ControlJSON.int) ?? .double(Double(u))
        case let .double(d): self = .double(d)
        case let .string(s): self = .string(s)
        case let .bytes(b): self = .string(b.map { String(format: "%02x", $0) }.joined())
        case let .list(items): self = .array(items.map(ControlJSON.init))
        case let .map(m): self = .object(m.mapValues(ControlJSON.init))
        case let .array(a), let .scalar(a):
            self = .object(["dtype": .string(a.dtype.numpyName), "shape": .array(a.shape.map { .int(Int64($0)) })])
        }
    }
}
