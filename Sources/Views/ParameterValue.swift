/// A parameter value as written in a views file or sent over the control socket.
public indirect enum ParameterValue: Sendable, Hashable, CustomStringConvertible {
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([ParameterValue])

    /// A number (ints widen to Double).
    public var double: Double? {
        switch self {
        case let .double(d): return d
        case let .int(i): return Double(i)
        default: return nil
        }
    }

    /// An integer (doubles that are whole numbers narrow to Int).
    public var int: Int? {
        switch self {
        case let .int(i): return i
        case let .double(d): return Int(exactly: d)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case let .bool(b): return "\(b)"
        case let .int(i): return "\(i)"
        case let .double(d): return "\(d)"
        case let .string(s): return s.debugDescription
        case let .list(items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        }
    }
}
