import Foundation
import KaraboBridge

/// How a ``BridgeClient`` connects and buffers.
public struct BridgeClientConfiguration: Sendable {
    /// The server's endpoint, e.g. `tcp://127.0.0.1:4545`.
    public var endpoint: String
    /// REQ, SUB or PULL.
    public var pattern: ClientPattern
    /// Seconds without a message before a `.timeout` event; a REQ client then recreates its
    /// socket and asks again, so a restarted server is picked up. nil waits forever.
    public var timeout: Double?
    /// Messages buffered between the socket thread and the consumer.
    public var queueDepth: Int
    /// When the consumer is slower than the stream: false = newest wins (oldest buffered
    /// train dropped and counted); true = back-pressure (the socket thread waits).
    public var noDrop: Bool
    /// Largest single frame accepted (ZMQ_MAXMSGSIZE, lowered to ``maxMessageBytes`` if that is
    /// smaller); a larger one is refused by libzmq before it is allocated, and the connection is reset.
    public var maxFrameBytes: Int64
    /// Largest message kept, summed over its frames. Frames are kept only while their sum stays
    /// within it; a larger message is released, drained frame by frame and reported as
    /// ``BridgeDecodeError/messageTooLarge(limit:frames:bytes:)`` (not passed to ``tap``).
    /// Default ``defaultMaxMessageBytes``.
    public var maxMessageBytes: Int
    /// The message decoder.
    public var decoder: BridgeDecoder
    /// Called on the socket thread with every message as it arrives, before it is decoded or
    /// queued (so also for trains the queue later drops). It must not block: hand the message
    /// on (e.g. to a recorder's queue) and return.
    public var tap: (@Sendable (RawMessage) -> Void)?

    public init(endpoint: String, pattern: ClientPattern = .req, timeout: Double? = 10, queueDepth: Int = 2,
                noDrop: Bool = false, maxFrameBytes: Int64 = 4 << 30,
                maxMessageBytes: Int = BridgeClientConfiguration.defaultMaxMessageBytes,
                decoder: BridgeDecoder = BridgeDecoder()) {
        self.endpoint = endpoint
        self.pattern = pattern
        self.timeout = timeout
        self.queueDepth = queueDepth
        self.noDrop = noDrop
        self.maxFrameBytes = maxFrameBytes
        self.maxMessageBytes = maxMessageBytes
        self.decoder = decoder
    }

    /// The default ``maxMessageBytes``: 4 GiB, or an eighth of physical memory if that is less.
    ///
    /// The largest European XFEL trains are about 1.4 GB (1-Mpixel AGIPD, 350 pulses, raw) and
    /// about 3 GB once corrected to float32, so 4 GiB admits every real train. A client holds up
    /// to `queueDepth` + 2 messages (queue, one being decoded, one in libzmq), hence the eighth:
    /// a stream of maximal messages stays well under the machine's memory.
    public static let defaultMaxMessageBytes: Int = {
        let eighth = Int(clamping: ProcessInfo.processInfo.physicalMemory / 8)
        return min(4 << 30, max(eighth, 64 << 20))
    }()
}
