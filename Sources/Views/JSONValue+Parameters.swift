import JSON

extension JSONValue {
    /// The value as a view parameter (nil for null and objects).
    public var parameter: ParameterValue? {
        switch self {
        case let .bool(b): return .bool(b)
        case let .int(i): return Int(exactly: i).map(ParameterValue.int)
        case let .uint(u): return Int(exactly: u).map(ParameterValue.int)
        case let .double(d): return .double(d)
        case let .string(s): return .string(s)
        case let .array(items):
            let p = items.compactMap(\.parameter)
            return p.count == items.count ? .list(p) : nil
        case .null, .object: return nil
        }
    }
}
