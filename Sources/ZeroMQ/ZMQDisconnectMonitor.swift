import CZeroMQ
import Synchronization

/// Watches one socket for lost connections (`zmq_socket_monitor` with `ZMQ_EVENT_DISCONNECTED`).
///
/// libzmq reconnects on its own, but a REQ socket's request dies with the connection it was sent
/// on, and nothing says so; a client that sees a disconnect can ask again at once instead of
/// waiting for its timeout. Belongs to the thread of the socket it watches; create it with
/// ``ZMQSocket/monitorDisconnects()``.
public final class ZMQDisconnectMonitor {
    private let events: ZMQSocket
    private weak var watched: ZMQSocket?

    fileprivate init(events: ZMQSocket, watched: ZMQSocket) {
        self.events = events
        self.watched = watched
    }

    /// Reads the events that arrived without waiting; true when one was a disconnect.
    public func disconnectedSinceLastCheck() -> Bool {
        var disconnected = false
        while let frames = try? events.receiveMultipart(dontWait: true) {
            // Frame 1: a 16-bit event number and a 32-bit value (host order); frame 2: the address.
            guard let first = frames.first, first.count >= 2 else { continue }
            let event = first.storageBytes.loadUnaligned(as: UInt16.self)
            if Int32(event) & ZMQ_EVENT_DISCONNECTED != 0 { disconnected = true }
        }
        return disconnected
    }

    /// Stops monitoring and closes the event socket (also done on deinit).
    public func close() {
        if let handle = watched?.handle { _ = zmq_socket_monitor(handle, nil, 0) }
        events.close()
    }

    deinit { close() }
}

@available(*, unavailable)
extension ZMQDisconnectMonitor: Sendable {}

extension ZMQSocket {
    private static let monitorCount = Atomic<Int>(0)

    /// Starts reporting this socket's disconnections to a new ``ZMQDisconnectMonitor``.
    public func monitorDisconnects() throws(ZMQError) -> ZMQDisconnectMonitor {
        let number = ZMQSocket.monitorCount.add(1, ordering: .relaxed).newValue
        let endpoint = "inproc://trainspotter-monitor-\(number)"
        try check(zmq_socket_monitor(openHandle("monitor"), endpoint, ZMQ_EVENT_DISCONNECTED), "monitor on \(endpoint)")
        let events = try ZMQSocket(context: context, type: .pair)
        try events.connect(endpoint)
        return ZMQDisconnectMonitor(events: events, watched: self)
    }
}
