import BridgeSockets
import Foundation
import Handoff
import KaraboBridge
import Synchronization

/// Matches the sources of one or more inputs into trains by each source's own train ID.
///
/// An `AsyncSequence` of ``MatchedTrain``s in train-ID order, plus a ``counters`` snapshot:
/// a train source for any consumer. One thread does the matching (inputs hand it their
/// messages through a small queue), so memory stays bounded by the window whatever the
/// inputs do; an input that ends or stalls does not stop the others. The sequence ends when
/// every input has ended (held trains go out first) or after ``stop()``.
public final class TrainMatcher: AsyncSequence, Sendable {
    public typealias Element = MatchedTrain

    enum Arrival: Sendable {
        case train(Train, input: Int)
        case ended(input: Int)
    }

    /// The configuration in use.
    public let configuration: MatchConfiguration
    /// The inputs' names, in order.
    public let inputNames: [String]
    private let arrivals: HandoffQueue<Arrival>
    private let output: HandoffQueue<MatchedTrain>
    private let snapshot = CountersBox()
    private let tasks = Mutex<[Task<Void, Never>]>([])

    /// Starts matching `inputs`. Throws ``MatchError`` for an unusable configuration or no inputs.
    public init(inputs: [MatcherInput], configuration: MatchConfiguration = MatchConfiguration(),
                outputDepth: Int = 2) throws(MatchError) {
        if let problem = configuration.problem { throw .invalidConfiguration(problem) }
        guard !inputs.isEmpty else { throw .invalidConfiguration("no inputs to match") }
        self.configuration = configuration
        inputNames = inputs.map(\.name)
        arrivals = HandoffQueue(capacity: Swift.max(4, inputs.count * 2))
        output = HandoffQueue(capacity: Swift.max(1, outputDepth))
        let arrivals = self.arrivals, output = self.output, snapshot = self.snapshot
        let core = MatchCore(inputNames: inputNames, configuration: configuration)
        let thread = Thread { Self.match(core: core, arrivals: arrivals, output: output, snapshot: snapshot) }
        thread.name = "train-matcher"
        thread.start()
        tasks.withLock { running in
            for (index, input) in inputs.enumerated() {
                running.append(Task {
                    await input.run { train in await arrivals.put(.train(train, input: index)) }
                    _ = await arrivals.put(.ended(input: index))
                })
            }
        }
    }

    /// The matcher thread: takes arrivals in order, lets timeouts expire, sends ready trains.
    private static func match(core: MatchCore, arrivals: HandoffQueue<Arrival>, output: HandoffQueue<MatchedTrain>,
                              snapshot: CountersBox) {
        var core = core
        let clock = ContinuousClock()
        let start = clock.now
        func now() -> Double { (clock.now - start).seconds }
        let tick = Swift.min(0.05, core.configuration.timeout / 4)
        defer { output.close() }
        while true {
            let ready: [MatchedTrain]
            if let arrival = arrivals.takeBlocking(timeout: tick) {
                switch arrival {
                case let .train(train, input): ready = core.add(train, input: input, now: now())
                case let .ended(input): ready = core.inputEnded(input, now: now())
                }
            } else {
                if arrivals.isClosed && arrivals.count == 0 { return }
                ready = core.expire(now: now())
            }
            let counters = core.snapshot(now: now())
            snapshot.value.withLock { $0 = counters }
            for train in ready where !output.putBlocking(train) { return }
            if core.allEnded { return }
        }
    }

    /// The counters now.
    public var counters: MatchCounters { snapshot.value.withLock { $0 } }

    /// Stops the inputs and ends the sequence.
    public func stop() {
        tasks.withLock { for task in $0 { task.cancel() } }
        arrivals.cancel()
        output.cancel()
    }

    deinit { stop() }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let output: HandoffQueue<MatchedTrain>
        public mutating func next() async -> MatchedTrain? { await output.take() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(output: output) }
}

/// The latest counters, shared by the matcher thread and readers.
final class CountersBox: Sendable {
    let value = Mutex(MatchCounters())
}

/// Why a ``TrainMatcher`` cannot start.
public enum MatchError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case let .invalidConfiguration(reason): return "train matching: \(reason)"
        }
    }
}

extension Duration {
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
