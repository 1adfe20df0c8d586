import BridgeSockets
import KaraboBridge
import Logging

/// The trains of one bridge client. Malformed messages and silences are logged and skipped;
/// a socket failure ends the sequence.
public struct BridgeTrainSource: TrainSource {
    /// The client read from.
    public let client: BridgeClient
    let logger: Logger

    public init(_ client: BridgeClient, logger: Logger = Logger(label: "trainspotter.input")) {
        self.client = client
        self.logger = logger
    }

    public func makeTrains() -> Trains { Trains(client: client, logger: logger) }
    public var droppedTrains: Int { client.statistics.snapshot.dropped }
    public func stop() { client.close() }

    /// The decoded trains of the client's events.
    public struct Trains: AsyncSequence, Sendable {
        public typealias Element = Train
        public typealias Failure = Never
        let client: BridgeClient
        let logger: Logger

        public func makeAsyncIterator() -> Iterator { Iterator(client: client, logger: logger) }

        public struct Iterator: AsyncIteratorProtocol {
            let client: BridgeClient
            let logger: Logger

            public mutating func next() async -> Train? {
                while let event = await client.next() {
                    switch event {
                    case let .train(train, _):
                        return train
                    case let .decodeError(error, raw):
                        logger.warning("skipped a malformed message (\(raw.frames.count) frames): \(error)")
                    case let .timeout(seconds, _):
                        logger.notice("no data for \(seconds) s")
                    case let .socketError(text):
                        logger.error("\(text)")
                        return nil
                    }
                }
                return nil
            }
        }
    }
}
