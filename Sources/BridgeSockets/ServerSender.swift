import ByteSlices
import Foundation
import Handoff
import Logging
import Synchronization
import ZeroMQ

/// The state a server's socket thread works on.
final class ServerSender: Sendable {
    static let pollMilliseconds = 50
    let configuration: BridgeServerConfiguration
    let statistics = ServerStatistics()
    let queue: HandoffQueue<[ByteSlice]>
    let stopped = StopFlag()
    let context: ZMQContext
    let logger: Logger

    init(_ configuration: BridgeServerConfiguration, logger: Logger) throws(ZMQError) {
        self.configuration = configuration
        self.queue = HandoffQueue(capacity: max(1, configuration.queueDepth))
        self.context = try ZMQContext()
        self.logger = logger
    }

    func stop() {
        stopped.set()
        queue.close()
    }

    /// The socket thread: binds, reports the bound endpoint (or the error), then serves.
    func run(bound: @Sendable (Result<String, ZMQError>) -> Void) {
        let socket: ZMQSocket
        do {
            socket = try ZMQSocket(context: context, type: configuration.pattern.socketType)
            try socket.setSendHighWaterMark(configuration.highWaterMark)
            try socket.setSendTimeout(milliseconds: Int32(ServerSender.pollMilliseconds))
            try socket.bind(configuration.endpoint)
        } catch {
            bound(.failure(error))
            return
        }
        bound(.success(socket.lastEndpoint ?? configuration.endpoint))
        do {
            switch configuration.pattern {
            case .rep: try serveRequests(socket)
            case .pub, .push: try serveStream(socket)
            }
        } catch where error.isTerminated {
        } catch {
            logger.error("server \(configuration.endpoint) stopped: \(error)")
        }
        // The socket keeps ZMQSocket's short sending linger (a linger of 0 can abort the process
        // in libzmq 4.3.4 when a client drops mid-message); the context is terminated here, on
        // this thread, so waiting out that linger never blocks whoever releases the server.
        socket.close()
        queue.close()
        context.terminate()
    }

    private func serveRequests(_ socket: ZMQSocket) throws(ZMQError) {
        while !stopped.isSet {
            guard try socket.poll(readable: true, timeoutMilliseconds: ServerSender.pollMilliseconds),
                  let request = try socket.receiveMultipart(dontWait: true) else { continue }
            let text = request.first.map { $0.slice.bytes } ?? []
            if request.count == 1 && text == Array("next".utf8) {
                var message: [ByteSlice]?
                while message == nil && !stopped.isSet {
                    message = queue.takeBlocking(timeout: Double(ServerSender.pollMilliseconds) / 1000)
                }
                guard let message else { return }
                try sendAll(socket, message)
            } else {
                statistics.badRequests.add(1, ordering: .relaxed)
                let shown = String(decoding: text, as: UTF8.self)
                logger.warning("unrecognised request \(shown.debugDescription); replying with an error")
                _ = try socket.send(bytes: Array("Error: bad request ".utf8) + text)
            }
        }
    }

    private func serveStream(_ socket: ZMQSocket) throws(ZMQError) {
        while !stopped.isSet {
            guard let message = queue.takeBlocking(timeout: Double(ServerSender.pollMilliseconds) / 1000) else { continue }
            try sendAll(socket, message)
        }
    }

    /// Sends one message, retrying while the peer is not ready (PUSH with no puller).
    private func sendAll(_ socket: ZMQSocket, _ message: [ByteSlice]) throws(ZMQError) {
        while !stopped.isSet {
            if try socket.send(message) {
                statistics.trains.add(1, ordering: .relaxed)
                statistics.bytes.add(message.reduce(0) { $0 + $1.count }, ordering: .relaxed)
                return
            }
        }
    }
}
