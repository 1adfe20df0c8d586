import BridgeSockets
import Foundation
import KaraboBridge
import Logging
import OrderedCollections

/// Runs a view graph over trains: both stages, statistics, publishing, reloads and control
/// commands, each applied between trains.
///
/// The runner is an actor on the cooperative pool: processing a train is CPU work there,
/// never a blocking wait (trains arrive through ``BridgeClient``, whose socket has its own thread).
public actor ViewRunner {
    /// The operators views may use.
    public let library: OperatorLibrary
    /// The running graph.
    public private(set) var active: ActiveGraph
    /// The definitions as last loaded (before runtime parameter changes).
    private var definitions: [ViewDefinition]
    /// Runtime parameter changes per view, with the definition they were made on.
    private var overrides: [String: (base: ViewDefinition, parameters: OrderedDictionary<String, ParameterValue>)] = [:]
    private let publisher: ResultPublisher?
    private let logger: Logger
    private var statistics = OrderedDictionary<String, ViewStatistics>()
    private var lastValues: [String: ViewValue] = [:]
    private var lastErrors: [String: String] = [:]
    private var trainsIn = 0
    private var processed = 0
    private var lastTrainID: UInt64 = 0
    private var indexChanged = true
    /// Trains dropped upstream (the client's queue), as last reported.
    private var upstreamDropped = 0
    /// Called with every published message (index and results), e.g. to feed a dashboard.
    private var observers: [@Sendable (Train) -> Void] = []
    /// Called with every control command that succeeded.
    private var commandObservers: [@Sendable (ControlCommand) -> Void] = []
    /// Extra entries of the `status` reply (e.g. per-rank counters of an MPI run).
    private var statusEntries = OrderedDictionary<String, ControlJSON>()

    /// A runner for `definitions` (checked now), publishing on `publisher` if given.
    public init(definitions: [ViewDefinition], library: OperatorLibrary, publisher: ResultPublisher? = nil,
                logger: Logger = Logger(label: "trainspotter.views")) throws(ViewsFileError) {
        self.library = library
        self.definitions = definitions
        self.active = ActiveGraph(try ViewGraph(definitions, library: library))
        self.publisher = publisher
        self.logger = logger
        for v in active.views { statistics[v.name] = ViewStatistics() }
    }

    // MARK: Processing

    /// Runs the graph on one train, publishes its results and returns what happened.
    @discardableResult
    public func process(_ train: Train) async -> TrainReport {
        let graph = active
        return await finish(graph.runReduceStage(graph.runTrainStage(train)), in: graph)
    }

    /// Runs the ordered stage on a per-train stage's output computed elsewhere (another thread,
    /// process or host), publishes the results and returns what happened. Call in train order.
    @discardableResult
    public func reduce(_ partial: StageOutput) async -> TrainReport {
        let graph = active
        return await finish(graph.runReduceStage(partial), in: graph)
    }

    private func finish(_ report: TrainReport, in graph: ActiveGraph) async -> TrainReport {
        trainsIn += 1
        record(report, in: graph)
        guard publisher != nil || !observers.isEmpty else { return report }
        if indexChanged {
            indexChanged = false
            let index = ViewIndex.train(indexValue(), trainID: report.trainID)
            for observe in observers { observe(index) }
            if let publisher { await publisher.publish(index) }
        }
        if let message = report.results(in: graph).bridgeTrain() {
            for observe in observers { observe(message) }
            if let publisher { await publisher.publish(message) }
        }
        return report
    }

    /// Adds an observer called with every message the runner publishes (the index when the graph
    /// changes, then one result message per train), on the processing path: it must not block.
    public func observe(_ observer: @escaping @Sendable (Train) -> Void) {
        observers.append(observer)
        indexChanged = true
    }

    private func record(_ report: TrainReport, in graph: ActiveGraph) {
        processed += 1
        lastTrainID = report.trainID
        let now = Date().timeIntervalSince1970
        for r in report.records {
            statistics[r.name, default: ViewStatistics()].record(r, trainID: report.trainID, now: now)
            switch r.outcome {
            case let .value(v):
                if lastValues[r.name] == nil || lastValues[r.name]?.kind != v.kind { indexChanged = true }
                lastValues[r.name] = v
                lastErrors[r.name] = nil
            case let .failed(message):
                // Log each new message; repeats are only counted.
                if lastErrors[r.name] != message {
                    logger.error("train \(report.trainID): view '\(r.name)' failed: \(message)")
                    lastErrors[r.name] = message
                }
            default: break
            }
        }
    }

    /// Consumes a client's trains until it ends or `limit` trains were processed.
    public func run(_ client: BridgeClient, limit: Int? = nil) async {
        var done = 0
        while let event = await client.next() {
            switch event {
            case let .train(train, _):
                upstreamDropped = client.statistics.snapshot.dropped
                await process(train)
                done += 1
                if let limit, done >= limit { return }
            case let .decodeError(error, raw):
                logger.warning("skipped a malformed message (\(raw.frames.count) frames): \(error)")
            case let .timeout(seconds, _):
                logger.notice("no data for \(seconds) s")
            case let .socketError(text):
                logger.error("\(text)")
                return
            }
        }
    }

    // MARK: Reloading

    /// What a reload changed.
    public struct ReloadSummary: Sendable {
        public var kept: [String]
        public var started: [String]
        public var removed: [String]
    }

    /// Checks `definitions` and, if they are sound, swaps them in: unchanged views keep their
    /// state. On error the running graph stays as it is.
    @discardableResult
    public func load(_ definitions: [ViewDefinition]) throws(ViewsFileError) -> ReloadSummary {
        // Runtime parameter changes survive while their view's definition in the file is unchanged.
        var effective = definitions
        var kept: [String: (base: ViewDefinition, parameters: OrderedDictionary<String, ParameterValue>)] = [:]
        for (i, d) in effective.enumerated() {
            if let o = overrides[d.name], o.base.fingerprint == d.fingerprint {
                effective[i].parameters.merge(o.parameters) { $1 }
                kept[d.name] = o
            }
        }
        let next = ActiveGraph(try ViewGraph(effective, library: library), replacing: active)
        self.definitions = definitions
        self.overrides = kept
        install(next)
        return ReloadSummary(kept: next.kept, started: next.started, removed: next.removed)
    }

    private func install(_ next: ActiveGraph) {
        for name in next.started { statistics[name] = ViewStatistics(); lastValues[name] = nil }
        for name in next.removed { statistics[name] = nil; lastValues[name] = nil; lastErrors[name] = nil }
        var ordered = OrderedDictionary<String, ViewStatistics>()
        for v in next.views { ordered[v.name] = statistics[v.name] ?? ViewStatistics() }
        statistics = ordered
        active = next
        indexChanged = true
    }

    // MARK: Control

    /// Applies a control command and returns the reply (`{"ok": true, …}` or `{"ok": false, "error": …}`).
    public func handle(_ command: ControlCommand) -> ControlJSON {
        do {
            let reply = try apply(command)
            for observe in commandObservers { observe(command) }
            return reply
        } catch {
            return error.reply
        }
    }

    /// Sets an extra entry of the control `status` reply (e.g. `ranks` under MPI).
    public func setStatusEntry(_ key: String, _ value: ControlJSON) {
        statusEntries[key] = value
    }

    /// Adds an observer called with every control command that succeeded, after it was applied
    /// (e.g. to apply it on other processes too). It must not block.
    public func observeCommands(_ observer: @escaping @Sendable (ControlCommand) -> Void) {
        commandObservers.append(observer)
    }

    private func apply(_ command: ControlCommand) throws(ControlError) -> ControlJSON {
        switch command {
        case .index:
            return .object(["ok": .bool(true), "views": ControlJSON(indexValue())])
        case .status:
            let s = status()
            var views = OrderedDictionary<String, ControlJSON>()
            for (name, v) in s.views {
                views[name] = .object(["values": .int(Int64(v.values)), "skipped": .int(Int64(v.skipped)), "gated": .int(Int64(v.gated)),
                                       "no_value": .int(Int64(v.noValue)), "failed": .int(Int64(v.failed)), "mean_ms": .double(v.meanSeconds * 1000)])
            }
            var reply: OrderedDictionary<String, ControlJSON> = [
                "ok": .bool(true), "trains_in": .int(Int64(s.trainsIn)), "processed": .int(Int64(s.processed)),
                "dropped": .int(Int64(s.dropped)), "skipped": .int(Int64(s.skipped)), "failed": .int(Int64(s.failed)),
                "views": .object(views), "line": .string(s.line)]
            for (key, value) in statusEntries { reply[key] = value }
            return .object(reply)
        case let .set(view, parameters):
            guard let index = definitions.firstIndex(where: { $0.name == view }) else { throw ControlError("no view '\(view)'") }
            let base = definitions[index]
            var merged = overrides[view]?.parameters ?? [:]
            merged.merge(parameters) { $1 }
            let saved = overrides
            overrides[view] = (base, merged)
            do {
                try load(definitions)
            } catch {
                overrides = saved
                throw ControlError(error.description)
            }
            return .object(["ok": .bool(true), "view": .string(view), "version": .int(Int64(active[view]?.version ?? 0))])
        case let .reset(view):
            guard let running = active[view] else { throw ControlError("no view '\(view)'") }
            let fresh: any ViewProcessor
            do { fresh = try running.node.spec.make(running.node.parameters) } catch { throw ControlError(error.message) }
            let next = active.restarting(view, with: fresh)
            install(next)
            return .object(["ok": .bool(true), "view": .string(view), "version": .int(Int64(next[view]?.version ?? 0))])
        case let .action(view, action, arguments):
            guard let running = active[view] else { throw ControlError("no view '\(view)'") }
            do {
                let text = try running.processor.control(action, arguments)
                return .object(["ok": .bool(true), "view": .string(view), "result": .string(text)])
            } catch {
                throw ControlError("view '\(view)': \(error.description)")
            }
        }
    }

    // MARK: Reporting

    /// The counters.
    public func status() -> RunnerStatus {
        RunnerStatus(trainsIn: trainsIn + upstreamDropped, processed: processed, dropped: upstreamDropped,
                     skipped: statistics.values.reduce(0) { $0 + $1.skipped }, gated: statistics.values.reduce(0) { $0 + $1.gated },
                     failed: statistics.values.reduce(0) { $0 + $1.failed }, published: publisher?.published ?? 0,
                     publishDropped: publisher?.dropped ?? 0, views: statistics)
    }

    /// Reports trains dropped before they reached the runner (e.g. a client's queue).
    public func noteDropped(_ count: Int) { upstreamDropped = count }

    /// The index as a bridge value.
    public func indexValue() -> Value {
        ViewIndex.entries(active, statistics: statistics, axes: lastValues)
    }

    /// Publishes the index now (e.g. on request).
    public func publishIndex() async {
        await publisher?.publish(ViewIndex.train(indexValue(), trainID: lastTrainID))
    }
}
