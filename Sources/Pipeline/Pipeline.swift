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
public struct Pipeline: Sendable {
    /// The view graph.
    public let runner: ViewRunner
    /// Where results go, in the order they are fed.
    public let sinks: [any ResultSink]
    /// The encoding of outgoing messages (the published protocol).
    public let encoder: BridgeEncoder

    public init(runner: ViewRunner, sinks: [any ResultSink], protocolVersion: ProtocolVersion = .v2_2) {
        self.runner = runner
        self.sinks = sinks
        self.encoder = BridgeEncoder(protocolVersion: protocolVersion)
    }

    /// Processes the source's trains until it ends or `limit` trains were processed; returns
    /// how many were.
    @discardableResult
    public func run<Source: TrainSource>(_ source: Source, limit: Int? = nil) async -> Int {
        var done = 0
        if let limit, limit <= 0 { return 0 }
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
