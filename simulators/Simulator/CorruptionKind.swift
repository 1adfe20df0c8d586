/// Classes of malformed message `--corrupt` sends, one after another. Each is a failure a
/// client must survive (report and go on with the next message).
public enum CorruptionKind: String, Sendable, CaseIterable {
    /// 2.2: the last frame is missing (odd frame count). 1.0: an extra frame is appended.
    case oddFrameCount = "odd-frame-count"
    /// The first frame is not valid msgpack (1.0: the frame is cut in half).
    case invalidMessagePack = "invalid-msgpack"
    /// 2.2: an array payload is 1 byte short of its dtype × shape. 1.0: the message is not a map.
    case truncatedArray = "truncated-array"
    /// 2.2: an array pair precedes its source's msgpack pair. 1.0: a source's data is not a map.
    case arrayBeforeSource = "array-before-source"
    /// 2.2: a header announces content `pickle.HIGHEST_PROTOCOL`. 1.0: a single `Error: …` text frame.
    case unknownContent = "unknown-content"
    /// 2.2: a header frame is a msgpack string instead of a map. 1.0: an empty map (no sources).
    case headerNotMap = "header-not-map"
}
