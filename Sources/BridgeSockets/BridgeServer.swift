import ByteSlices
import Foundation
import Handoff
import KaraboBridge
import Logging
import Synchronization
import ZeroMQ

/// A Karabo Bridge server: sends trains over REP, PUB or PUSH.
///
/// Callers hand it trains (or ready-made frames) with ``send(_:)-(Train)``, which suspends
/// while the small queue ahead of the socket is full; the socket lives on its own thread.
/// A REP request other than `next` gets the reply `Error: bad request <request>` and the
/// server keeps serving (the train waiting for that request is kept, not dropped).
public final class BridgeServer: Sendable {
    let sender: ServerSender
    /// The endpoint actually bound (with the port chosen when 0 or `*` was asked for).
    public let endpoint: String
    /// Live counters.
    public var statistics: ServerStatistics { sender.statistics }
    /// The configuration.
    public var configuration: BridgeServerConfiguration { sender.configuration }

    private init(sender: ServerSender, endpoint: String) {
        self.sender = sender
        self.endpoint = endpoint
    }

    /// Binds and starts the socket thread. Binding a non-loopback address logs a warning:
    /// the protocol has no authentication.
    public static func start(_ configuration: BridgeServerConfiguration,
                             logger: Logger = Logger(label: "trainspotter.server")) async throws(ZMQError) -> BridgeServer {
        if !Endpoint.isLocal(configuration.endpoint) {
            logger.warning("binding \(configuration.endpoint), which is reachable from other machines: the Karabo Bridge protocol has no authentication")
        }
        let sender = try ServerSender(configuration, logger: logger)
        let result = await DedicatedThread.start(name: "bridge-server") { ready in sender.run(bound: ready) }
        return BridgeServer(sender: sender, endpoint: try result.get())
    }

    /// ``start(_:logger:)`` for a caller on a dedicated thread (e.g. the simulator's loop):
    /// blocks that thread until the socket is bound.
    public static func startBlocking(_ configuration: BridgeServerConfiguration,
                                     logger: Logger = Logger(label: "trainspotter.server")) throws(ZMQError) -> BridgeServer {
        if !Endpoint.isLocal(configuration.endpoint) {
            logger.warning("binding \(configuration.endpoint), which is reachable from other machines: the Karabo Bridge protocol has no authentication")
        }
        let sender = try ServerSender(configuration, logger: logger)
        let result = DedicatedThread.startBlocking(name: "bridge-server") { ready in sender.run(bound: ready) }
        return BridgeServer(sender: sender, endpoint: try result.get())
    }

    /// Encodes `train` with the configured protocol and queues it. False once closed.
    @discardableResult
    public func send(_ train: Train) async -> Bool {
        await send(frames: BridgeEncoder(protocolVersion: configuration.protocolVersion).encode(train))
    }

    /// Queues a message given as frames (sent as they are, zero copy). False once closed.
    @discardableResult
    public func send(frames: [ByteSlice]) async -> Bool {
        guard !frames.isEmpty else { return true }
        return await sender.queue.put(frames)
    }

    /// ``send(frames:)`` for a caller on a dedicated thread: blocks it while the queue is full.
    /// False once closed.
    @discardableResult
    public func sendBlocking(frames: [ByteSlice]) -> Bool {
        guard !frames.isEmpty else { return true }
        return sender.queue.putBlocking(frames)
    }

    /// Messages waiting ahead of the socket.
    public var queued: Int { sender.queue.count }

    /// Stops the socket thread; queued messages are discarded.
    public func close() { sender.stop() }

    deinit { sender.stop() }
}
