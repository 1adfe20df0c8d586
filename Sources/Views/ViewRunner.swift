import Foundation
import JSON
import KaraboBridge
import Logging
import OrderedCollections

/// Runs a view graph over trains: both stages, statistics, publishing, reloads and control
/// commands, each applied between trains.
///
/// The runner is an actor on the cooperative pool: processing a train is CPU work there,
/// never a blocking wait. It knows nothing of sockets: trains come in through ``advance(_:)``
/// and what is to be published (the index when the graph changed, then one result message)
/// goes out as its return value (the `Pipeline` module feeds it and hands the messages to sinks).
public actor ViewRunner {
    /// The operators views may use (replaced by ``load(_:library:)``, e.g. for Python views).
    public private(set) var library: OperatorLibrary
    /// The running graph.
    public private(set) var active: ActiveGraph
    /// The definitions as last loaded (before runtime parameter changes).
    private var definitions: [ViewDefinition]
    /// Runtime parameter changes per view, with the definition they were made on.
    private var overrides: [String: (base: ViewDefinition, parameters: OrderedDictionary<String, ParameterValue>)] = [:]
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
    /// The output's counters (messages published, not published because it was busy), if attached.
    private var outputCounters: (@Sendable () -> (published: Int, unpublished: Int))?
    /// Called with every control command that succeeded.
    private var commandObservers: [@Sendable (ControlCommand) -> Void] = []
    /// Extra entries of the `status` reply (e.g. per-rank counters of an MPI run).
    private var statusEntries = OrderedDictionary<String, JSONValue>()

    /// A runner for `definitions` (checked now).
    public init(definitions: [ViewDefinition], library: OperatorLibrary,
                logger: Logger = Logger(label: "trainspotter.views")) throws(ViewsFileError) {
        self.library = library
        self.definitions = definitions
        self.active = ActiveGraph(try ViewGraph(definitions, library: library))
        self.logger = logger
        for v in active.views { statistics[v.name] = ViewStatistics() }
    }

    // MARK: Processing

    /// What one train produced: the report, and the messages to publish in order (the index
    /// first when the graph changed since the last one, then the train's results, if any view
    /// published a value).
    public struct Output: Sendable {
        public var report: TrainReport
        public var messages: [Train]
    }

    /// Runs the graph on one train and returns its report and the messages to publish.
    public func advance(_ train: Train) -> Output {
        let graph = active
        return finish(graph.runReduceStage(graph.runTrainStage(train)), in: graph)
    }

    /// Runs the ordered stage on a per-train stage's output computed elsewhere (another thread,
    /// process or host) and returns what to publish. Call in train order.
    public func reduce(_ partial: StageOutput) -> Output {
        let graph = active
        return finish(graph.runReduceStage(partial), in: graph)
    }

    /// Finishes a train whose stages ran elsewhere (dedicated threads) on `graph`, the graph
    /// that was active when they started: statistics, and the messages to publish. Call in
    /// train order.
    public func complete(_ report: TrainReport, in graph: ActiveGraph) -> Output {
        finish(report, in: graph)
    }

    private func finish(_ report: TrainReport, in graph: ActiveGraph) -> Output {
        trainsIn += 1
        record(report, in: graph)
        var messages: [Train] = []
        if indexChanged {
            indexChanged = false
            messages.append(ViewIndex.train(indexValue(), sections: statusEntries, trainID: report.trainID))
        }
        if let message = report.results(in: graph).bridgeTrain() { messages.append(message) }
        return Output(report: report, messages: messages)
    }

    /// Runs the graph on one train and returns what happened (the messages to publish are dropped).
    @discardableResult
    public func process(_ train: Train) async -> TrainReport {
        advance(train).report
    }

    /// Sends the index with the next output (e.g. when a new reader joined).
    public func republishIndex() { indexChanged = true }

    private func record(_ report: TrainReport, in graph: ActiveGraph) {
        processed += 1
        lastTrainID = report.trainID
        let now = Date().timeIntervalSince1970
        // (A view removed by a reload while its train was in flight is no longer counted.)
        for r in report.records where active[r.name] != nil {
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
        try load(definitions, library: library)
    }

    /// Like ``load(_:)`` with a new operator library (kept only if the definitions check).
    @discardableResult
    public func load(_ definitions: [ViewDefinition], library: OperatorLibrary) throws(ViewsFileError) -> ReloadSummary {
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
        self.library = library
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
    public func handle(_ command: ControlCommand) -> JSONValue {
        do {
            let reply = try apply(command)
            for observe in commandObservers { observe(command) }
            return reply
        } catch {
            return error.reply
        }
    }

    /// Sets a status section: an extra entry of the control `status` reply (which the dashboard
    /// shows) and of the index message (beside `views`), e.g. `ranks` under MPI or `inputs` with
    /// several matched inputs. A changed section republishes the index with the next output, so
    /// callers set sections at most about once a second.
    public func setStatusEntry(_ key: String, _ value: JSONValue) {
        guard statusEntries[key] != value else { return }
        statusEntries[key] = value
        indexChanged = true
    }

    /// Adds an observer called with every control command that succeeded, after it was applied
    /// (e.g. to apply it on other processes too). It must not block.
    public func observeCommands(_ observer: @escaping @Sendable (ControlCommand) -> Void) {
        commandObservers.append(observer)
    }

    private func apply(_ command: ControlCommand) throws(ControlError) -> JSONValue {
        switch command {
        case .index:
            return .object(["ok": .bool(true), "views": JSONValue(bridgeValue: indexValue())])
        case .status:
            let s = status()
            var views = OrderedDictionary<String, JSONValue>()
            for (name, v) in s.views {
                var entry: OrderedDictionary<String, JSONValue> = [
                    "values": .int(Int64(v.values)), "skipped": .int(Int64(v.skipped)), "gated": .int(Int64(v.gated)),
                    "no_value": .int(Int64(v.noValue)), "failed": .int(Int64(v.failed)), "mean_ms": .double(v.meanSeconds * 1000)]
                if active[name]?.node.spec.isFilter == true {
                    entry["passed"] = .int(Int64(v.passed))
                    entry["rejected"] = .int(Int64(v.rejected))
                    if v.pulses > 0 { entry["pulses_passed"] = .int(Int64(v.pulsesPassed)); entry["pulses"] = .int(Int64(v.pulses)) }
                }
                views[name] = .object(entry)
            }
            var reply: OrderedDictionary<String, JSONValue> = [
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
                var arguments = arguments
                if arguments["view_definition"] == nil { arguments["view_definition"] = .string(running.node.definition.text) }
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
        let output = outputCounters?()
        return RunnerStatus(trainsIn: trainsIn + upstreamDropped, processed: processed, dropped: upstreamDropped,
                            skipped: statistics.values.reduce(0) { $0 + $1.skipped },
                            gated: statistics.values.reduce(0) { $0 + $1.gated },
                            failed: statistics.values.reduce(0) { $0 + $1.failed }, published: output?.published ?? 0,
                            publishDropped: output?.unpublished ?? 0, views: statistics)
    }

    /// Reports trains dropped before they reached the runner (e.g. a client's queue).
    public func noteDropped(_ count: Int) { upstreamDropped = count }

    /// Where the status reads the output's counters (published, unpublished) from.
    public func attachOutputCounters(_ counters: @escaping @Sendable () -> (published: Int, unpublished: Int)) {
        outputCounters = counters
    }

    /// The index as a bridge value.
    public func indexValue() -> Value {
        ViewIndex.entries(active, statistics: statistics, axes: lastValues)
    }
}
