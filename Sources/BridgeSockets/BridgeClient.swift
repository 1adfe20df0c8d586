import ByteSlices
import Foundation
import Handoff
import KaraboBridge
import Synchronization
import ZeroMQ

/// A Karabo Bridge client: receives trains over REQ, SUB or PULL and hands them out as an
/// `AsyncSequence` of ``ClientEvent``s.
///
/// The socket lives on its own thread (never the cooperative pool). Messages are decoded
/// there (headers only; arrays stay views of the frames) and queued for the consumer.
/// Dropping the client or calling ``close()`` stops the thread.
public final class BridgeClient: AsyncSequence, Sendable {
    public typealias Element = ClientEvent

    let receiver: ClientReceiver

    /// The configuration it was started with.
    public var configuration: BridgeClientConfiguration { receiver.configuration }
    /// Live counters.
    public var statistics: ClientStatistics { receiver.statistics }

    /// Events waiting in the queue for the consumer.
    package var queuedCount: Int { receiver.queue.count }

    /// Connects and starts receiving.
    public init(_ configuration: BridgeClientConfiguration) throws(ZMQError) {
        receiver = try ClientReceiver(configuration)
        let core = receiver
        DedicatedThread.spawn(name: "bridge-client") { core.receiveLoop() }
    }

    /// Connects to `endpoint` with the given pattern and defaults otherwise.
    public convenience init(endpoint: String, pattern: ClientPattern = .req, timeout: Double? = 10) throws(ZMQError) {
        try self.init(BridgeClientConfiguration(endpoint: endpoint, pattern: pattern, timeout: timeout))
    }

    /// Stops receiving; iteration ends after the buffered events.
    public func close() { receiver.stop() }

    deinit { receiver.stop() }

    /// The next event, or nil once closed.
    public func next() async -> ClientEvent? { await receiver.queue.take() }

    /// The next decoded train, skipping decode errors; throws on timeout or socket failure.
    public func nextTrain() async throws(BridgeClientError) -> Train {
        while let event = await receiver.queue.take() {
            switch event {
            case let .train(train, _): return train
            case .decodeError: continue
            case let .timeout(seconds, _): throw .timedOut(endpoint: configuration.endpoint, seconds: seconds)
            case let .socketError(text): throw .socket(text)
            }
        }
        throw .closed
    }

    /// Iterates events until the client is closed.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let client: BridgeClient
        public mutating func next() async -> ClientEvent? { await client.receiver.queue.take() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(client: self) }

    /// Decoded trains only (decode errors and timeouts are skipped; see the counters).
    public var trains: AsyncCompactMapSequence<BridgeClient, Train> { compactMap { $0.train } }
}

/// Errors from ``BridgeClient/nextTrain()``.
public enum BridgeClientError: Error, Sendable, CustomStringConvertible {
    case timedOut(endpoint: String, seconds: Double)
    case socket(String)
    case closed

    public var description: String {
        switch self {
        case let .timedOut(endpoint, seconds): return "no data received from \(endpoint) in \(seconds) s"
        case let .socket(text): return text
        case .closed: return "the client was closed"
        }
    }
}
