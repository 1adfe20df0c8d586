/// Why a MessagePack message could not be decoded.
public enum MessagePackError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input holds no bytes.
    case empty
    /// The input ends inside a value.
    case truncated
    /// An invalid byte (such as the never-used type byte 0xc1) at `offset`.
    case malformed(offset: Int)
    /// A complete value is followed by `count` extra bytes.
    case trailingBytes(count: Int)
    /// The str whose bytes start at `offset` (after its type and length) is not valid UTF-8.
    case invalidUTF8(offset: Int)
    /// Containers are nested deeper than `limit`.
    case tooDeep(limit: Int)
    /// A declared container size cannot fit in the input, or the message exceeds a limit.
    case tooLarge(String)
    /// msgpack-c could not allocate memory.
    case outOfMemory

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .empty:
            "msgpack: empty input"
        case .truncated:
            "msgpack: input ends inside a value (truncated message)"
        case .malformed(let offset):
            "msgpack: invalid byte at offset \(offset)"
        case .trailingBytes(let count):
            "msgpack: \(count) unexpected byte(s) after the value"
        case .invalidUTF8(let offset):
            "msgpack: str whose bytes start at offset \(offset) is not valid UTF-8"
        case .tooDeep(let limit):
            "msgpack: containers nested deeper than \(limit) levels"
        case .tooLarge(let reason):
            "msgpack: too large: \(reason)"
        case .outOfMemory:
            "msgpack: out of memory"
        }
    }
}
