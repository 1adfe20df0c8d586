import JSON

extension JSONValue {
    /// A bridge value as JSON: numbers, strings, lists and maps as they are; small numeric
    /// arrays (≤ 64 elements) as their elements, larger ones as their dtype and shape; bytes as
    /// text when they are UTF-8, else as hex.
    public init(bridgeValue value: KaraboBridge.Value) {
        switch value {
        case .none: self = .null
        case let .bool(b): self = .bool(b)
        case let .int(i): self = .int(i)
        case let .uint(u): self = Int64(exactly: u).map(JSONValue.int) ?? .uint(u)
        case let .double(d): self = .double(d)
        case let .string(s): self = .string(s)
        case let .bytes(b):
            let bytes = b.bytes
            if let text = String(validating: bytes, as: UTF8.self) { self = .string(text) }
            else { self = .string(bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()) }
        case let .list(items): self = .array(items.map(JSONValue.init(bridgeValue:)))
        case let .map(m): self = .object(m.mapValues(JSONValue.init(bridgeValue:)))
        case let .scalar(a): self = a.doubles()?.first.map(JSONValue.double) ?? .null
        case let .array(a):
            if a.count <= 64, let d = a.doubles() { self = .array(d.map(JSONValue.double)) }
            else { self = .object(["dtype": .string(a.dtype.numpyName), "shape": .array(a.shape.map { .int(Int64($0)) })]) }
        }
    }
}

extension Value {
    /// JSON as a bridge value (objects as maps, arrays as lists; `null` as none).
    public init(json: JSONValue) {
        switch json {
        case .null: self = .none
        case let .bool(b): self = .bool(b)
        case let .int(i): self = .int(i)
        case let .uint(u): self = .uint(u)
        case let .double(d): self = .double(d)
        case let .string(s): self = .string(s)
        case let .array(items): self = .list(items.map(Value.init(json:)))
        case let .object(o): self = .map(o.mapValues(Value.init(json:)))
        }
    }
}
