import MessagePack

/// Why a bridge message could not be decoded. Every case names the frame (0-based) and,
/// where there is one, the source and key, so a one-line log says what was wrong.
public enum BridgeDecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A message with no frames.
    case noFrames
    /// A server's `Error: …` text reply (e.g. `Error: bad request hello`).
    case errorReply(String)
    /// Protocol 2.x needs header/payload pairs.
    case oddFrameCount(Int)
    /// A frame is not valid msgpack.
    case invalidMessagePack(frame: Int, MessagePackError)
    /// A header frame is not a msgpack map.
    case headerNotMap(frame: Int, got: String)
    /// A required header field is missing.
    case missingField(frame: Int, field: String)
    /// A header field has the wrong type.
    case wrongFieldType(frame: Int, field: String, expected: String, got: String)
    /// An `array` pair came before its source's `msgpack` pair.
    case arrayBeforeSource(frame: Int, source: String, path: String)
    /// A `content` value this decoder does not know.
    case unknownContent(frame: Int, content: String)
    /// A payload that must be a msgpack map is something else.
    case payloadNotMap(frame: Int, source: String, got: String)
    /// An array's declared dtype and shape do not fit its bytes.
    case badArray(frame: Int, source: String, key: String, reason: String)
    /// A protocol 1.0 message that is not a map of source → map.
    case notSourceMap(frame: Int, reason: String)
    /// A message with more frames than the receiver accepts (it was discarded unread).
    case tooManyFrames(limit: Int)
    /// A message of `frames` frames and `bytes` bytes in all, more than the receiver's `limit`:
    /// its frames were released as soon as their sum passed the limit and the rest of the
    /// message was drained frame by frame without being kept.
    case messageTooLarge(limit: Int, frames: Int, bytes: Int)

    public var description: String {
        switch self {
        case .noFrames: return "message has no frames"
        case let .errorReply(text): return "server replied with an error: \(text)"
        case let .oddFrameCount(n): return "message has \(n) frames; protocol 2.2 needs header/payload pairs (an even count)"
        case let .invalidMessagePack(frame, error): return "frame \(frame): invalid msgpack: \(error)"
        case let .headerNotMap(frame, got): return "frame \(frame): header is a msgpack \(got), not a map"
        case let .missingField(frame, field): return "frame \(frame): header has no '\(field)'"
        case let .wrongFieldType(frame, field, expected, got):
            return "frame \(frame): header '\(field)' is msgpack \(got), expected \(expected)"
        case let .arrayBeforeSource(frame, source, path):
            return "frame \(frame): array '\(path)' of source '\(source)' came before the source's msgpack pair"
        case let .unknownContent(frame, content): return "frame \(frame): unknown content '\(content)'"
        case let .payloadNotMap(frame, source, got):
            return "frame \(frame): data of source '\(source)' is a msgpack \(got), not a map"
        case let .badArray(frame, source, key, reason):
            return "frame \(frame): array '\(key)' of source '\(source)': \(reason)"
        case let .notSourceMap(frame, reason): return "frame \(frame): protocol 1.0 message \(reason)"
        case let .tooManyFrames(limit): return "message has more than \(limit) frames; discarded"
        case let .messageTooLarge(limit, frames, bytes):
            return "message of \(bytes) bytes in \(frames) frames exceeds the limit of \(limit) bytes; discarded"
        }
    }
}
