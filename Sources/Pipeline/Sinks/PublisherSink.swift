import BridgeSockets
import KaraboBridge
import Synchronization

/// Publishes results over the Karabo Bridge protocol without ever holding up processing:
/// when the output is busy (a slow subscriber, no REQ client asking, no PUSH peer) the message
/// is counted as unpublished and processing goes on.
public final class PublisherSink: ResultSink {
    /// The server the results go out on.
    public let server: BridgeServer
    private let sent = Atomic<Int>(0)
    private let busy = Atomic<Int>(0)

    public init(server: BridgeServer) { self.server = server }

    /// Binds `configuration` (PUB by default) and returns a publisher on it.
    public static func start(_ configuration: BridgeServerConfiguration) async throws -> PublisherSink {
        PublisherSink(server: try await BridgeServer.start(configuration))
    }

    /// The endpoint bound.
    public var endpoint: String { server.endpoint }
    /// The protocol results are encoded in.
    public var protocolVersion: ProtocolVersion { server.configuration.protocolVersion }

    public func accept(_ message: ResultMessage) async {
        guard server.queued < max(1, server.configuration.queueDepth) else {
            busy.add(1, ordering: .relaxed)
            return
        }
        if await server.send(frames: message.frames) { sent.add(1, ordering: .relaxed) }
    }

    /// Messages queued so far.
    public var published: Int { sent.load(ordering: .relaxed) }
    /// Messages not queued because the output was busy.
    public var unpublished: Int { busy.load(ordering: .relaxed) }

    /// Waits up to ``drainTimeout`` for the messages already queued to leave (a reader that is
    /// a little behind still gets the last results of a run), then stops the server.
    public func close() async -> SinkReport {
        let deadline = ContinuousClock.now + drainTimeout
        while server.statistics.snapshot.messagesSent < published, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        server.close()
        return SinkReport()
    }

    /// How long ``close()`` waits for queued messages to be sent.
    public var drainTimeout: Duration { .milliseconds(250) }
}
