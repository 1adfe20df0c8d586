import KaraboBridge
import OrderedCollections

/// The matching state machine, without threads or clocks: sources go in with the time
/// (seconds on any monotonic clock), trains ready to send come out in train-ID order.
/// Memory is bounded by the window: at most `window` trains are held.
package struct MatchCore: Sendable {
    struct Pending: Sendable {
        var sources: OrderedDictionary<String, SourceData> = [:]
        var inputs: Set<Int> = []
        var firstArrival: Double
        var protocolVersion: ProtocolVersion
        var messageBytes = 0
    }

    struct InputState: Sendable {
        var name: String
        var messages = 0
        var lastTrainID: UInt64?
        var recent: [Double] = []
        var ended = false
    }

    struct SourceState: Sendable {
        var arrivals = 0
        var lastTrainID: UInt64?
        var lag: Int64 = 0
        var maxLag: Int64 = 0
        var disagreeing = 0
    }

    package let configuration: MatchConfiguration
    private var inputs: [InputState]
    private var pending: [UInt64: Pending] = [:]
    private var expected: OrderedSet<String> = []
    private var learning = true
    /// Trains up to this ID were sent or dropped; later arrivals for them are too late.
    private var closedThrough: UInt64?
    private var sources: OrderedDictionary<String, SourceState> = [:]
    private var counters = MatchCounters()

    package init(inputNames: [String], configuration: MatchConfiguration) {
        self.configuration = configuration
        inputs = inputNames.map { InputState(name: $0) }
    }

    /// Whether every input has ended.
    package var allEnded: Bool { inputs.allSatisfy(\.ended) }

    /// Takes one message of input `input`; returns the trains now ready.
    package mutating func add(_ message: Train, input: Int, now: Double) -> [MatchedTrain] {
        let majority = message.majorityTrainID ?? message.trainID
        if inputs.indices.contains(input) {
            inputs[input].messages += 1
            inputs[input].lastTrainID = majority ?? inputs[input].lastTrainID
            inputs[input].recent.append(now)
            if inputs[input].recent.count > 20 { inputs[input].recent.removeFirst() }
        }
        for source in message.sources.values {
            guard let id = source.trainID ?? majority else {
                counters.withoutTrainID += 1
                continue
            }
            var state = sources[source.name] ?? SourceState()
            state.arrivals += 1
            state.lastTrainID = id
            if let majority {
                state.lag = majority >= id ? Int64(clamping: majority - id) : -Int64(clamping: id - majority)
                state.maxLag = max(state.maxLag, state.lag)
                if id != majority {
                    state.disagreeing += 1
                    counters.disagreeing += 1
                }
            }
            sources[source.name] = state
            // A source first seen after learning is expected from now on (even when this
            // arrival is too late for its train: a late source's first arrivals always are).
            if !learning { expected.append(source.name) }
            if let closed = closedThrough, id <= closed {
                if closed - id >= configuration.resetDistance {
                    counters.trainIDResets += 1
                    closedThrough = nil
                } else {
                    counters.tooLate += 1
                    continue
                }
            }
            var train = pending[id] ?? Pending(firstArrival: now, protocolVersion: message.protocolVersion)
            guard train.sources[source.name] == nil else {
                counters.duplicates += 1
                continue
            }
            train.sources[source.name] = source
            train.inputs.insert(input)
            pending[id] = train
        }
        return drain(now: now)
    }

    /// Input `input` ended; when every input has, all held trains go out (or are dropped).
    package mutating func inputEnded(_ input: Int, now: Double) -> [MatchedTrain] {
        if inputs.indices.contains(input) { inputs[input].ended = true }
        return drain(now: now)
    }

    /// Lets timeouts expire; returns the trains now ready.
    package mutating func expire(now: Double) -> [MatchedTrain] { drain(now: now) }

    /// The counters at `now`.
    package func snapshot(now: Double) -> MatchCounters {
        var snapshot = counters
        snapshot.pending = pending.count
        snapshot.learning = learning
        snapshot.expectedSources = Array(expected)
        snapshot.inputs = inputs.map { input in
            var rate = 0.0
            if input.recent.count > 1, let first = input.recent.first, let last = input.recent.last, last > first {
                rate = Double(input.recent.count - 1) / (last - first)
            }
            return MatchCounters.Input(name: input.name, messages: input.messages, rate: rate, lastTrainID: input.lastTrainID,
                                       idle: input.recent.last.map { now - $0 }, ended: input.ended)
        }
        snapshot.sources = sources.map { name, state in
            MatchCounters.Source(name: name, arrivals: state.arrivals, lastTrainID: state.lastTrainID, lag: state.lag,
                                 maxLag: state.maxLag, disagreeing: state.disagreeing)
        }
        return snapshot
    }

    /// Whether a held train has every expected and required source.
    private func isComplete(_ train: Pending) -> Bool {
        expected.allSatisfy { train.sources[$0] != nil }
            && configuration.require.allSatisfy { pattern in train.sources.keys.contains { SourcePattern.matches(pattern, $0) } }
    }

    private func missing(_ train: Pending) -> [String] {
        var names = Array(expected.filter { train.sources[$0] == nil })
        for pattern in configuration.require where !train.sources.keys.contains(where: { SourcePattern.matches(pattern, $0) }) {
            names.append(pattern)
        }
        return names
    }

    private mutating func drain(now: Double) -> [MatchedTrain] {
        let flush = allEnded
        if learning {
            let oldest = pending.values.map(\.firstArrival).min()
            let timedOut = oldest.map { now - $0 >= configuration.timeout } ?? false
            if flush || pending.count >= configuration.learnTrains || pending.count > configuration.window || timedOut {
                learning = false
                for id in pending.keys.sorted() {
                    for name in pending[id]?.sources.keys ?? [] { expected.append(name) }
                }
            } else {
                return []
            }
        }
        var ready: [MatchedTrain] = []
        while let id = pending.keys.min(), let train = pending[id] {
            let complete = isComplete(train)
            let overflow = pending.count > configuration.window
            let expired = now - train.firstArrival >= configuration.timeout
            guard complete || flush || overflow || expired else { break }
            pending[id] = nil
            closedThrough = max(closedThrough ?? id, id)
            if complete {
                counters.matched += 1
                ready.append(matched(id, train, missing: []))
            } else if configuration.partial {
                counters.partial += 1
                ready.append(matched(id, train, missing: missing(train)))
            } else if overflow && !expired && !flush {
                counters.droppedByWindow += 1
            } else {
                counters.droppedByTimeout += 1
            }
        }
        return ready
    }

    private func matched(_ id: UInt64, _ train: Pending, missing: [String]) -> MatchedTrain {
        MatchedTrain(train: Train(trainID: id, protocolVersion: train.protocolVersion, sources: train.sources),
                     missing: missing, inputs: train.inputs)
    }
}
