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
    /// Largest single frame accepted (ZMQ_MAXMSGSIZE); a larger one is refused by libzmq
    /// before it is allocated, and the connection is reset.
    public var maxFrameBytes: Int64
    /// The message decoder.
    public var decoder: BridgeDecoder
    /// Called on the socket thread with every message as it arrives, before it is decoded or
    /// queued (so also for trains the queue later drops). It must not block: hand the message
    /// on (e.g. to a recorder's queue) and return.
    public var tap: (@Sendable (RawMessage) -> Void)?

    public init(endpoint: String, pattern: ClientPattern = .req, timeout: Double? = 10, queueDepth: Int = 2,
                noDrop: Bool = false, maxFrameBytes: Int64 = 4 << 30, decoder: BridgeDecoder = BridgeDecoder()) {
        self.endpoint = endpoint
        self.pattern = pattern
        self.timeout = timeout
        self.queueDepth = queueDepth
        self.noDrop = noDrop
        self.maxFrameBytes = maxFrameBytes
        self.decoder = decoder
    }
}
