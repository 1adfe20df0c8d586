import ByteSlices
import Foundation
import Handoff
import KaraboBridge
import Synchronization
import ZeroMQ

/// The state a client's socket thread works on. The thread keeps it alive, not the client,
/// so releasing the client stops the thread.
final class ClientReceiver: Sendable {
    /// Polling step: how often the thread checks for `stop()` while waiting.
    static let pollMilliseconds = 50

    let configuration: BridgeClientConfiguration
    let statistics = ClientStatistics()
    let queue: HandoffQueue<ClientEvent>
    let stopped = StopFlag()
    let context: ZMQContext

    init(_ configuration: BridgeClientConfiguration) throws(ZMQError) {
        self.configuration = configuration
        self.queue = HandoffQueue(capacity: max(1, configuration.queueDepth))
        self.context = try ZMQContext()
    }

    func stop() {
        stopped.set()
        queue.close()
    }

    func makeSocket() throws(ZMQError) -> ZMQSocket {
        let socket = try ZMQSocket(context: context, type: configuration.pattern.socketType)
        try socket.setLinger(milliseconds: 0)
        try socket.setReceiveHighWaterMark(1)
        try socket.setMaxMessageSize(min(configuration.maxFrameBytes, Int64(max(configuration.maxMessageBytes, 1))))
        try socket.setReconnectInterval(milliseconds: 100)
        if configuration.pattern == .sub { try socket.subscribe() }
        try socket.connect(configuration.endpoint)
        return socket
    }

    /// The socket thread's loop.
    func receiveLoop() {
        var socket: ZMQSocket
        do {
            socket = try makeSocket()
        } catch {
            emit(.socketError("cannot connect to \(configuration.endpoint): \(error)"))
            queue.close()
            return
        }
        // A REQ request dies with the connection it went out on (a restarted server): watch for
        // disconnects and ask again on a new socket at once rather than after the timeout.
        var monitor = configuration.pattern == .req ? try? socket.monitorDisconnects() : nil
        var outstanding = false
        var lastActivity = Date()
        while !stopped.isSet {
            do {
                if configuration.pattern == .req && !outstanding {
                    try socket.send(bytes: Array("next".utf8))
                    outstanding = true
                }
                guard try socket.poll(readable: true, timeoutMilliseconds: ClientReceiver.pollMilliseconds) else {
                    if outstanding, let watching = monitor, watching.disconnectedSinceLastCheck() {
                        watching.close()
                        socket.close()
                        socket = try makeSocket()
                        monitor = try? socket.monitorDisconnects()
                        outstanding = false
                        statistics.reconnects.add(1, ordering: .relaxed)
                        continue
                    }
                    if let timeout = configuration.timeout, -lastActivity.timeIntervalSinceNow >= timeout {
                        statistics.timeouts.add(1, ordering: .relaxed)
                        var reconnected = false
                        if configuration.pattern == .req {
                            monitor?.close()
                            socket.close()
                            socket = try makeSocket()
                            monitor = try? socket.monitorDisconnects()
                            outstanding = false
                            reconnected = true
                            statistics.reconnects.add(1, ordering: .relaxed)
                        }
                        emit(.timeout(seconds: timeout, reconnected: reconnected))
                        lastActivity = Date()
                    }
                    continue
                }
                guard let received = try socket.receiveMultipart(dontWait: true, maxBytes: configuration.maxMessageBytes)
                else { continue }
                outstanding = false
                lastActivity = Date()
                // Messages over a limit were released and drained unkept: report them, tap nothing.
                let messages: [ZMQMessage]
                switch received {
                case let .message(frames):
                    messages = frames
                case .tooManyFrames:
                    statistics.decodeErrors.add(1, ordering: .relaxed)
                    statistics.discarded.add(1, ordering: .relaxed)
                    emit(.decodeError(.tooManyFrames(limit: socket.maxFramesPerMessage),
                                      RawMessage(frames: [], receivedAt: Date().timeIntervalSince1970)))
                    continue
                case let .tooLarge(frames, bytes):
                    statistics.decodeErrors.add(1, ordering: .relaxed)
                    statistics.discarded.add(1, ordering: .relaxed)
                    emit(.decodeError(.messageTooLarge(limit: configuration.maxMessageBytes, frames: frames, bytes: bytes),
                                      RawMessage(frames: [], receivedAt: Date().timeIntervalSince1970)))
                    continue
                }
                let raw = RawMessage(frames: messages.map(\.slice), receivedAt: Date().timeIntervalSince1970)
                statistics.bytes.add(raw.byteCount, ordering: .relaxed)
                configuration.tap?(raw)
                do {
                    let train = try configuration.decoder.decode(raw.frames)
                    statistics.trains.add(1, ordering: .relaxed)
                    emit(.train(train, raw))
                } catch {
                    statistics.decodeErrors.add(1, ordering: .relaxed)
                    emit(.decodeError(error, raw))
                }
                // Time spent waiting for a slow consumer (back-pressure) is not silence from the server.
                lastActivity = Date()
            } catch let error where error.isTerminated {
                break
            } catch {
                emit(.socketError("\(configuration.endpoint): \(error)"))
                break
            }
        }
        monitor?.close()
        socket.close()
        queue.close()
    }

    /// Queues an event: newest wins unless back-pressure was asked for.
    func emit(_ event: ClientEvent) {
        if configuration.noDrop {
            _ = queue.putBlocking(event)
        } else if let dropped = queue.offerDroppingOldest(event), case .train = dropped {
            statistics.dropped.add(1, ordering: .relaxed)
        }
    }
}
