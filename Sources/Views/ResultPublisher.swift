import BridgeSockets
import KaraboBridge
import Synchronization

/// Publishes results over the Karabo Bridge protocol without ever holding up processing:
/// when the output is busy (a slow subscriber, no REQ client asking, no PUSH peer) the message
/// is counted as unpublished and processing goes on.
public final class ResultPublisher: Sendable {
    /// The server the results go out on.
    public let server: BridgeServer
    let sent = Atomic<Int>(0)
    let busy = Atomic<Int>(0)

    public init(server: BridgeServer) { self.server = server }

    /// Binds `configuration` (PUB by default) and returns a publisher on it.
    public static func start(_ configuration: BridgeServerConfiguration) async throws -> ResultPublisher {
        ResultPublisher(server: try await BridgeServer.start(configuration))
    }

    /// The endpoint bound.
    public var endpoint: String { server.endpoint }

    /// Queues `train` unless the output is busy; true when queued.
    @discardableResult
    public func publish(_ train: Train) async -> Bool {
        guard server.queued < max(1, server.configuration.queueDepth) else {
            busy.add(1, ordering: .relaxed)
            return false
        }
        let ok = await server.send(train)
        if ok { sent.add(1, ordering: .relaxed) }
        return ok
    }

    /// Messages queued so far.
    public var published: Int { sent.load(ordering: .relaxed) }
    /// Messages not queued because the output was busy.
    public var dropped: Int { busy.load(ordering: .relaxed) }

    /// Stops the server.
    public func close() { server.close() }
}
