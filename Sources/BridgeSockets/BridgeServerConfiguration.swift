import KaraboBridge

/// How a ``BridgeServer`` binds and sends.
public struct BridgeServerConfiguration: Sendable {
    /// Where to bind; `tcp://127.0.0.1:4545` by default (port 0 or `*` picks a free port).
    public var endpoint: String
    /// REP, PUB or PUSH.
    public var pattern: ServerPattern
    /// The protocol used by ``BridgeServer/send(_:)-(Train)``.
    public var protocolVersion: ProtocolVersion
    /// Messages queued ahead of the socket.
    public var queueDepth: Int
    /// ZeroMQ send high-water mark (1, like every European XFEL implementation).
    public var highWaterMark: Int32

    public init(endpoint: String = "tcp://127.0.0.1:4545", pattern: ServerPattern = .rep,
                protocolVersion: ProtocolVersion = .v2_2, queueDepth: Int = 2, highWaterMark: Int32 = 1) {
        self.endpoint = endpoint
        self.pattern = pattern
        self.protocolVersion = protocolVersion
        self.queueDepth = queueDepth
        self.highWaterMark = highWaterMark
    }
}
