import ByteSlices

/// One message exactly as received: its frames (views of the ZeroMQ messages) and arrival time.
public struct RawMessage: Sendable {
    /// The frames, in order.
    public let frames: [ByteSlice]
    /// Unix time at which the message arrived.
    public let receivedAt: Double
    /// Total size of the frames.
    public var byteCount: Int { frames.reduce(0) { $0 + $1.count } }

    public init(frames: [ByteSlice], receivedAt: Double) {
        self.frames = frames
        self.receivedAt = receivedAt
    }
}
