import BridgeSockets
import KaraboBridge
import Matching

/// The trains of several bridge inputs matched by each source's own train ID (a
/// ``TrainMatcher`` over its clients). Partial trains (with `partial` matching) are processed
/// with the sources present; views whose inputs are missing are skipped.
public struct MatchedTrainSource: TrainSource {
    /// The matcher (its ``TrainMatcher/counters`` go into the status line and the index).
    public let matcher: TrainMatcher
    /// The clients the matcher reads, one per input; closed by ``stop()``.
    public let clients: [BridgeClient]

    /// One client per configuration, named by its endpoint, and a matcher over them.
    public init(_ inputs: [BridgeClientConfiguration], configuration: MatchConfiguration) throws {
        var clients: [BridgeClient] = []
        do {
            for input in inputs { clients.append(try BridgeClient(input)) }
            let named = zip(inputs, clients).map { MatcherInput(name: $0.0.endpoint, client: $0.1) }
            matcher = try TrainMatcher(inputs: named, configuration: configuration)
        } catch {
            for client in clients { client.close() }
            throw error
        }
        self.clients = clients
    }

    public func makeTrains() -> Trains { Trains(matcher: matcher) }

    /// Trains the clients' queues dropped plus trains the matcher dropped (timeout, window).
    public var droppedTrains: Int {
        let counters = matcher.counters
        return clients.reduce(0) { $0 + $1.statistics.snapshot.dropped } + counters.droppedByTimeout + counters.droppedByWindow
    }

    /// Closes the inputs; the matcher sends the trains it holds, then the sequence ends.
    public func stop() { for client in clients { client.close() } }

    /// The matched trains.
    public struct Trains: AsyncSequence, Sendable {
        public typealias Element = Train
        public typealias Failure = Never
        let matcher: TrainMatcher

        public func makeAsyncIterator() -> Iterator { Iterator(base: matcher.makeAsyncIterator()) }

        public struct Iterator: AsyncIteratorProtocol {
            var base: TrainMatcher.AsyncIterator
            public mutating func next() async -> Train? { await base.next()?.train }
        }
    }
}
