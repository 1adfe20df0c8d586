import Foundation
import KaraboBridge
import Views

/// One run's data path: trains from a ``TrainSource`` through the view graph (``ViewRunner``:
/// per-train stage, then the ordered reduce stage), and every outgoing message — the index when
/// the graph changed, then each train's results — encoded **once** and handed to every
/// ``ResultSink`` in order.
///
/// ```swift
/// let pipeline = Pipeline(runner: runner, sinks: [publisher, recorder, dashboard], protocolVersion: .v2_2)
/// await pipeline.run(BridgeTrainSource(client))
/// ```
/// With ``Execution-swift.enum/threads(_:)`` the per-train stages of several trains run at once
/// on dedicated threads (views that wait, such as Python views, then neither block the
/// cooperative pool nor each other), and the ordered stage still sees the trains in order.
public struct Pipeline: Sendable {
    /// Where and how many trains at a time the per-train stage runs.
    public enum Execution: Sendable, Equatable {
        /// One train at a time, on the runner (the cooperative pool): built-in views, whose
        /// work is CPU work and never a blocking wait.
        case inline
        /// Up to `n` trains' per-train stages at once, on `n` dedicated threads; the ordered
        /// stage on a thread of its own, in train order. For views that wait (Python views on
        /// their worker processes); the results are the same as inline, only sooner.
        case threads(Int)
    }

    /// The view graph.
    public let runner: ViewRunner
    /// Where results go, in the order they are fed.
    public let sinks: [any ResultSink]
    /// The encoding of outgoing messages (the published protocol).
    public let encoder: BridgeEncoder
    /// How the per-train stage runs.
    public let execution: Execution

    public init(runner: ViewRunner, sinks: [any ResultSink], protocolVersion: ProtocolVersion = .v2_2,
                execution: Execution = .inline) {
        self.runner = runner
        self.sinks = sinks
        self.encoder = BridgeEncoder(protocolVersion: protocolVersion)
        self.execution = execution
    }

    /// Processes the source's trains until it ends or `limit` trains were processed; returns
    /// how many were.
    @discardableResult
    public func run<Source: TrainSource>(_ source: Source, limit: Int? = nil) async -> Int {
        if let limit, limit <= 0 { return 0 }
        if case let .threads(n) = execution, n >= 1 { return await runOnThreads(source, limit: limit, concurrency: n) }
        var done = 0
        for await train in source.makeTrains() {
            await runner.noteDropped(source.droppedTrains)
            await process(train)
            done += 1
            if let limit, done >= limit { break }
        }
        await runner.noteDropped(source.droppedTrains)
        return done
    }

    /// Runs one train through the graph and delivers what it produced.
    @discardableResult
    public func process(_ train: Train) async -> TrainReport {
        let output = await runner.advance(train)
        for message in output.messages { await deliver(message) }
        return output.report
    }

    /// Runs the ordered stage on a per-train stage's output computed elsewhere (a worker rank)
    /// and delivers what it produced. Call in train order.
    @discardableResult
    public func reduce(_ partial: StageOutput) async -> TrainReport {
        let output = await runner.reduce(partial)
        for message in output.messages { await deliver(message) }
        return output.report
    }

    /// Encodes `train` once and hands it to every sink.
    public func deliver(_ train: Train) async {
        let message = ResultMessage(train: train, frames: encoder.encode(train), encodedAt: Date().timeIntervalSince1970)
        for sink in sinks { await sink.accept(message) }
    }

    /// The sinks' counters for the status line.
    public var statusSuffix: String { sinks.map(\.statusSuffix).joined() }
}
