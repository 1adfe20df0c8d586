import BridgeSockets
import Dashboard
import Foundation
import KaraboBridge
import Matching
import Logging
import ServiceLifecycle
import Synchronization
import Views

/// Everything `trainspotter run` does, as a library: a bridge input, the view graph, the result
/// sinks (publisher, recordings, dashboard), the control socket, the views-file watcher and the
/// status line, started and stopped together as one `ServiceGroup`.
///
/// ```swift
/// let session = try await RunSession.start(configuration, log: log)
/// let summary = await session.run()     // until the input ends, the limit, or stop()
/// ```
/// On ``stop()`` (SIGINT/SIGTERM in the tool) the input is closed, the trains already queued
/// are processed, then the recordings are flushed and closed, then everything else stops.
public final class RunSession: Sendable {
    /// What to run.
    public struct Configuration: Sendable {
        /// The input stream (the first one when there are several).
        public var input: BridgeClientConfiguration
        /// More input streams: their sources are matched with the first input's by train ID.
        public var moreInputs: [BridgeClientConfiguration] = []
        /// Match the inputs' sources by each source's own train ID (``MatchedTrainSource``);
        /// nil with a single input: its messages are the trains. Several inputs are always
        /// matched (with the default configuration when this is nil).
        public var match: MatchConfiguration?
        /// The views, already checked.
        public var definitions: [ViewDefinition]
        /// The operators views may use.
        public var library: OperatorLibrary
        /// The views file, watched and reloaded when it changes (nil: not watched).
        public var watch: URL?
        /// Where results are published.
        public var publish: BridgeServerConfiguration
        /// Where to bind the control socket, if anywhere.
        public var control: String?
        /// The live dashboard, if wanted.
        public var dashboard: DashboardConfiguration?
        /// Record the input as it arrives.
        public var recordInput: RecordingRequest?
        /// Record the results as published.
        public var recordResults: RecordingRequest?
        /// Between status lines.
        public var statusInterval: Duration
        /// Stop after this many processed trains.
        public var limit: Int?
        /// Follows the views' sources and reloads the runner (replaces the views-file watcher,
        /// e.g. for Python contexts); runs until the session stops.
        public var follow: (@Sendable (ViewRunner) async -> Void)?
        /// More counters for the status line (e.g. the Python workers').
        public var statusSuffix: (@Sendable () -> String)?
        /// How the per-train stage runs (``Pipeline/Execution-swift.enum/threads(_:)`` for Python views).
        public var execution: Pipeline.Execution = .inline

        public init(input: BridgeClientConfiguration, definitions: [ViewDefinition], library: OperatorLibrary,
                    watch: URL? = nil, publish: BridgeServerConfiguration, control: String? = nil,
                    dashboard: DashboardConfiguration? = nil, recordInput: RecordingRequest? = nil,
                    recordResults: RecordingRequest? = nil, statusInterval: Duration = .seconds(5), limit: Int? = nil) {
            self.input = input
            self.definitions = definitions
            self.library = library
            self.watch = watch
            self.publish = publish
            self.control = control
            self.dashboard = dashboard
            self.recordInput = recordInput
            self.recordResults = recordResults
            self.statusInterval = statusInterval
            self.limit = limit
        }
    }

    /// Where a session's lines go (the tool prints them; tests collect them).
    public struct Log: Sendable {
        public var info: @Sendable (String) -> Void
        public var error: @Sendable (String) -> Void

        public init(info: @escaping @Sendable (String) -> Void, error: @escaping @Sendable (String) -> Void) {
            self.info = info
            self.error = error
        }
    }

    /// How a run ended.
    public struct Summary: Sendable {
        /// The final status line (counters and recordings).
        public var line: String
        /// Trains processed.
        public var processed: Int
        /// False when a sink lost data (a recording could not be completed).
        public var ok: Bool
    }

    /// The view graph.
    public let runner: ViewRunner
    /// The data path.
    public let pipeline: Pipeline
    /// The publisher (its endpoint is the bound one).
    public let publisher: PublisherSink
    /// The control socket, if one was asked for.
    public let controlSocket: ControlSocket?
    /// The dashboard, if one was asked for.
    public let dashboard: DashboardServer?
    /// The input recording, fed from the client's socket thread.
    public let inputRecorder: RecorderSink?
    private let source: any TrainSource
    private let configuration: Configuration
    private let log: Log
    private let state = Mutex<(group: ServiceGroup?, stopRequested: Bool)>((nil, false))

    private init(configuration: Configuration, log: Log, runner: ViewRunner, pipeline: Pipeline, publisher: PublisherSink,
                 controlSocket: ControlSocket?, dashboard: DashboardServer?, inputRecorder: RecorderSink?,
                 source: any TrainSource) {
        self.configuration = configuration
        self.log = log
        self.runner = runner
        self.pipeline = pipeline
        self.publisher = publisher
        self.controlSocket = controlSocket
        self.dashboard = dashboard
        self.inputRecorder = inputRecorder
        self.source = source
    }

    /// Binds the publisher, opens the recordings, starts the control socket and the dashboard,
    /// and connects the input; whatever fails closes what was already started.
    public static func start(_ c: Configuration, log: Log) async throws(RunError) -> RunSession {
        let runner: ViewRunner
        do { runner = try ViewRunner(definitions: c.definitions, library: c.library) } catch {
            throw .views(error)
        }
        var opened: [any ResultSink] = []
        func closeOpened() async { for sink in opened.reversed() { _ = await sink.close() } }

        let publisher: PublisherSink
        do { publisher = try await PublisherSink.start(c.publish) } catch {
            throw .startup("cannot publish on \(c.publish.endpoint): \(error)")
        }
        opened.append(publisher)
        var inputRecorder: RecorderSink?
        var resultsRecorder: RecorderSink?
        do {
            if var request = c.recordInput {
                request.info.merge(["endpoint": c.input.endpoint, "pattern": c.input.pattern.rawValue, "recorded": "run input"]) { a, _ in a }
                let sink = RecorderSink(name: "input", recorder: try await request.open())
                opened.append(sink)
                inputRecorder = sink
            }
            if var request = c.recordResults {
                request.info.merge(["recorded": "run results", "protocol": c.publish.protocolVersion.rawValue]) { a, _ in a }
                let sink = RecorderSink(name: "results", recorder: try await request.open(), keepsIndex: request.format == .raw)
                opened.append(sink)
                resultsRecorder = sink
            }
        } catch {
            await closeOpened()
            throw .recording("\(error)")
        }
        log.info("views: \(c.definitions.map(\.name).joined(separator: ", "))")
        log.info("publishing on \(publisher.endpoint) (\(c.publish.pattern.rawValue.uppercased()))")
        if let r = c.recordInput { log.info("recording input into \(r.directory) (\(r.format.rawValue))") }
        if let r = c.recordResults { log.info("recording results into \(r.directory) (\(r.format.rawValue))") }

        var controlSocket: ControlSocket?
        var dashboard: DashboardServer?
        let source: any TrainSource
        do {
            if let endpoint = c.control {
                let socket = try await ControlSocket.start(endpoint, runner: runner)
                controlSocket = socket
                log.info("control on \(socket.endpoint)")
            }
            if let d = c.dashboard {
                let server = try await DashboardServer.start(d, control: RunnerControl(runner: runner))
                dashboard = server
                opened.append(DashboardSink(server))
                log.info("dashboard on \(server.url)")
            }
            let inputs = ([c.input] + c.moreInputs).map { configuration -> BridgeClientConfiguration in
                var input = configuration
                input.tap = inputRecorder?.tap
                return input
            }
            if c.match != nil || inputs.count > 1 {
                source = try MatchedTrainSource(inputs, configuration: c.match ?? MatchConfiguration())
            } else {
                source = BridgeTrainSource(try BridgeClient(inputs[0]))
            }
        } catch {
            controlSocket?.stop()
            await closeOpened()
            throw .startup("\(error)")
        }
        let endpoints = ([c.input] + c.moreInputs).map(\.endpoint)
        log.info("running on \(endpoints.joined(separator: ", "))" + (source is MatchedTrainSource ? " matched by train ID" : ""))
        var sinks: [any ResultSink] = [publisher]
        if let resultsRecorder { sinks.append(resultsRecorder) }
        if let dashboard { sinks.append(DashboardSink(dashboard)) }
        let pipeline = Pipeline(runner: runner, sinks: sinks, protocolVersion: c.publish.protocolVersion,
                                execution: c.execution)
        await runner.attachOutputCounters { (publisher.published, publisher.unpublished) }
        return RunSession(configuration: c, log: log, runner: runner, pipeline: pipeline, publisher: publisher,
                          controlSocket: controlSocket, dashboard: dashboard, inputRecorder: inputRecorder,
                          source: source)
    }

    /// The status line: the runner's counters and the recordings'.
    public func statusLine() async -> String {
        await runner.noteDropped(source.droppedTrains)
        let matching = (source as? MatchedTrainSource).map { " | " + $0.matcher.counters.statusLine } ?? ""
        return await runner.status().line + matching + (inputRecorder?.statusSuffix ?? "") + pipeline.statusSuffix
            + (configuration.statusSuffix?() ?? "")
    }

    /// Runs until the input ends, the limit is reached or ``stop()`` is called; then closes
    /// the input, the sinks (recordings flushed), the control socket and the dashboard.
    public func run() async -> Summary {
        let processing = Self.service(pipeline, source: source, limit: configuration.limit)
        let closing = Mutex<Bool>(true)
        let sinks = pipeline.sinks
        let inputRecorder = inputRecorder
        let log = log
        let controlSocket = controlSocket
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            // Last to stop: the recordings and the dashboard, once nothing more comes.
            .init(service: ShutdownAction {
                var all: [any ResultSink] = []
                if let inputRecorder { all.append(inputRecorder) }
                all += sinks
                for sink in all {
                    let report = await sink.close()
                    if let line = report.line { report.ok ? log.info(line) : log.error(line) }
                    if !report.ok { closing.withLock { $0 = false } }
                }
            }, serviceName: "sinks"),
            .init(service: ShutdownAction { controlSocket?.stop() }, serviceName: "control"),
            .init(service: PeriodicAction(every: configuration.statusInterval) { [self] in log.info(await statusLine()) },
                  serviceName: "status"),
        ]
        if let follow = configuration.follow {
            let runner = runner
            services.append(.init(service: BackgroundTask { await follow(runner) }, serviceName: "watcher"))
        } else if let url = configuration.watch {
            let runner = runner
            let name = url.path
            services.append(.init(service: BackgroundTask {
                await runner.follow(ViewsFileWatcher(url: url)) { result in
                    switch result {
                    case let .success(s):
                        log.info("reloaded \(name): kept \(s.kept.count), started \(s.started.joined(separator: ", ")), removed \(s.removed.joined(separator: ", "))")
                    case let .failure(error):
                        log.error("\(name) not reloaded, still running the previous views:\n\(error)")
                    }
                }
            }, serviceName: "watcher"))
        }
        // First to stop: the input, so that what is queued is processed before the sinks close.
        if let matched = source as? MatchedTrainSource {
            // The matching counters as the index's `inputs` section (the dashboard shows it), once a second.
            let runner = runner
            services.append(.init(service: PeriodicAction(every: .seconds(1)) {
                await runner.setStatusEntry("inputs", matched.matcher.counters.json)
            }, serviceName: "inputs"))
        }
        services.append(.init(service: processing.service, successTerminationBehavior: .gracefullyShutdownGroup,
                              serviceName: "pipeline"))
        var logger = Logger(label: "trainspotter.run")
        logger.logLevel = .warning
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: services, logger: logger))
        let stopNow = state.withLock { s -> Bool in
            s.group = group
            return s.stopRequested
        }
        if stopNow { await group.triggerGracefulShutdown() }
        do { try await group.run() } catch { log.error("run: \(error)") }
        return Summary(line: await statusLine(), processed: processing.processed(), ok: closing.withLock { $0 })
    }

    /// The pipeline service for `source` and how to read how many trains it processed.
    private static func service<Source: TrainSource>(_ pipeline: Pipeline, source: Source, limit: Int?)
        -> (service: any Service, processed: @Sendable () -> Int) {
        let service = PipelineService(pipeline, source: source, limit: limit)
        return (service, { service.processed })
    }

    /// Asks the run to end gracefully (safe from any thread; before ``run()`` it ends at once).
    public func stop() {
        let group = state.withLock { s -> ServiceGroup? in
            s.stopRequested = true
            return s.group
        }
        if let group { Task { await group.triggerGracefulShutdown() } }
    }
}

/// Why a run could not start.
public enum RunError: Error, Sendable, CustomStringConvertible {
    /// The views do not form a sound graph.
    case views(ViewsFileError)
    /// A recording could not be opened.
    case recording(String)
    /// A socket or the dashboard could not be started.
    case startup(String)

    public var description: String {
        switch self {
        case let .views(error): return "\(error)"
        case let .recording(text): return "cannot record: \(text)"
        case let .startup(text): return text
        }
    }
}
