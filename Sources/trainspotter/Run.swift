import ArgumentParser
import BridgeSockets
import CommandSupport
import Dashboard
import ExampleViews
import Foundation
import KaraboBridge
import Logging
import Pipeline
import PythonViews
import Views

/// `trainspotter run`: the view graph on a live stream, results republished over the bridge.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a views file on a stream and publish the results as Karabo Bridge sources view/NAME.")

    @Option(name: .customLong("connect"),
            help: "The data server's endpoint, e.g. tcp://127.0.0.1:4545 (a bare port means 127.0.0.1); repeat for several bridges, matched by train ID.")
    var connects: [String] = []

    @Option(name: [.customShort("z"), .customLong("server-socket")],
            help: "The data server's socket type: REP, PUB or PUSH (we connect REQ, SUB or PULL); once for all inputs or once per --connect.")
    var serverSockets: [String] = []

    @Option(help: "Seconds without data before reporting a timeout.")
    var timeout: Double = 10

    @Option(help: "The views file (YAML); it is watched and reloaded when it changes.")
    var views: String?

    @Option(help: "Where to publish results (default tcp://127.0.0.1:45454; a bare port means 127.0.0.1).")
    var publish: String = "tcp://127.0.0.1:45454"

    @Option(help: "The result socket type: PUB, REP or PUSH.")
    var publishSocket: String = "PUB"

    @Option(help: "Protocol of published results: 2.2 or 1.0.")
    var publishProtocol: String = "2.2"

    @Option(help: "Bind a control socket (ZeroMQ REP, JSON commands) here, e.g. tcp://127.0.0.1:45455.")
    var control: String?

    @Flag(help: "Back-pressure instead of dropping: the stream waits while processing is slower.")
    var noDrop = false

    @Option(help: "Trains buffered between the socket and processing.")
    var queueDepth = 2

    @Option(help: "Seconds between status lines.")
    var statusInterval: Double = 5

    @Option(help: "Stop after processing this many trains.")
    var ntrains: Int?

    @Flag(help: "Do not watch the views file for changes.")
    var noWatch = false

    @OptionGroup(title: "Recording")
    var recording: RecordingOptions

    @Option(help: "Serve the live dashboard at HOST:PORT (a bare port means 127.0.0.1; port 0 picks a free one).")
    var dashboard: String?

    @OptionGroup(title: "Several inputs, matched by train ID")
    var match: MatchOptions

    @OptionGroup(title: "Python views")
    var pythonOptions: PythonOptions

    @OptionGroup(title: "MPI scale-out")
    var scaleOut: ScaleOutOptions

    func validate() throws {
        guard !connects.isEmpty else { throw ValidationError("give the data server's endpoint with --connect") }
        guard serverSockets.count <= 1 || serverSockets.count == connects.count else {
            throw ValidationError("-z: give one for all inputs or one per --connect (\(connects.count)), not \(serverSockets.count)")
        }
        for socket in serverSockets where ClientPattern(serverSocket: socket) == nil {
            throw ValidationError("-z must be REP, PUB or PUSH, not '\(socket)'")
        }
        guard ServerPattern(name: publishSocket) != nil else { throw ValidationError("--publish-socket must be PUB, REP or PUSH") }
        guard ProtocolVersion(rawValue: publishProtocol) != nil else { throw ValidationError("--publish-protocol must be 2.2 or 1.0") }
        if let dashboard, DashboardConfiguration(address: dashboard) == nil {
            throw ValidationError("--dashboard must be HOST:PORT or PORT")
        }
        guard statusInterval > 0, timeout > 0, queueDepth > 0 else { throw ValidationError("intervals and depths must be positive") }
        guard views != nil || !pythonOptions.contexts.isEmpty else { throw ValidationError("give --views FILE.yaml and/or --context FILE.py") }
        guard pythonOptions.pythonWorkers > 0, pythonOptions.pythonTimeout > 0, (pythonOptions.pythonTrains ?? 1) > 0 else {
            throw ValidationError("--python-workers, --python-trains and --python-timeout must be positive")
        }
    }

    /// Built-in operators and the example Swift views.
    static var library: OperatorLibrary { ExampleViews.withBuiltIns }

    func run() async throws {
        // Under an MPI launcher with several ranks: coordinator or worker (Run+MPI.swift).
        if Self.isScaledOut {
            guard connects.count == 1, !match.asked else {
                printError("several inputs matched by train ID are not supported under MPI yet: give one --connect")
                throw ExitCode(2)
            }
            return try await runScaledOut()
        }
        // Signals first: from here on SIGINT/SIGTERM stop the run cleanly instead of killing it.
        let stop = StopRequest()
        let signals = RecordSignals { stop.request($0) }
        defer { withExtendedLifetime(signals) {} }
        let viewsName = views ?? pythonOptions.contexts.joined(separator: ", ")
        // Python views: a loader with its workers when a context is given or the views file names one.
        let python = pythonOptions.loader(views: views, base: Self.library)
        defer { python?.runtime.close() }
        var config: RunSession.Configuration
        do {
            if let python {
                let setup = try await python.loadOffPool().get()
                config = configuration(setup.definitions, library: setup.library)
                if !noWatch { config.follow = { runner in await python.followPrinting(runner) } }
                config.statusSuffix = { python.statusSuffix }
                config.execution = pythonOptions.execution
            } else {
                config = configuration(try ViewsFile.load(URL(fileURLWithPath: views ?? "")), library: Self.library)
            }
        } catch {
            printError("\(viewsName) cannot run:\n\(error)")
            throw ExitCode(2)
        }
        let session: RunSession
        do {
            session = try await RunSession.start(config, log: RunSession.Log(info: printLine, error: printError))
            python?.started()
        } catch {
            switch error {
            case .views: printError("\(viewsName) cannot run:\n\(error)"); throw ExitCode(2)
            case .recording: printError("\(error)"); throw ExitCode(1)
            case .startup: printError("\(error)"); throw ExitCode(1)
            }
        }
        stop.attach(session)
        let summary = await session.run()
        let reason = stop.signal.map { $0 == SIGINT ? " (stopped by SIGINT)" : $0 == SIGTERM ? " (stopped by SIGTERM)" : "" } ?? ""
        printLine("done: " + summary.line + reason)
        if !summary.ok { throw ExitCode(1) }
    }

    /// The session's configuration from the options.
    func configuration(_ definitions: [ViewDefinition], library: OperatorLibrary) -> RunSession.Configuration {
        let inputs = connects.indices.map { index in
            BridgeClientConfiguration(endpoint: Endpoint.normalize(connects[index]),
                                      pattern: ClientPattern(serverSocket: serverSockets.isEmpty ? "REP" : serverSockets[serverSockets.count == 1 ? 0 : index])!,
                                      timeout: timeout, queueDepth: queueDepth, noDrop: noDrop)
        }
        var configuration = RunSession.Configuration(
            input: inputs[0],
            definitions: definitions, library: library,
            watch: noWatch ? nil : views.map { URL(fileURLWithPath: $0) },
            publish: BridgeServerConfiguration(endpoint: Endpoint.normalize(publish), pattern: ServerPattern(name: publishSocket)!,
                                               protocolVersion: ProtocolVersion(rawValue: publishProtocol)!),
            control: control.map { Endpoint.normalize($0) },
            dashboard: dashboard.flatMap(DashboardConfiguration.init(address:)),
            recordInput: recording.request(recording.recordInput, queueDepth: recording.recordQueueDepth),
            recordResults: recording.request(recording.recordResults, queueDepth: 8),
            statusInterval: .milliseconds(Int(statusInterval * 1000)), limit: ntrains)
        configuration.moreInputs = Array(inputs.dropFirst())
        if match.asked || inputs.count > 1 { configuration.match = match.configuration }
        return configuration
    }

    /// The first input's endpoint (MPI runs take one input).
    var connect: String { connects[0] }
    /// The first input's socket type.
    var serverSocket: String { serverSockets.first ?? "REP" }
}
