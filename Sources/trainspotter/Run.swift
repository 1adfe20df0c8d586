import ArgumentParser
import BridgeSockets
import Dashboard
import ExampleViews
import Foundation
import KaraboBridge
import Logging
import Recording
import Views

/// `trainspotter run`: the view graph on a live stream, results republished over the bridge.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a views file on a stream and publish the results as Karabo Bridge sources view/NAME.")

    @Option(help: "The data server's endpoint, e.g. tcp://127.0.0.1:4545 (a bare port means 127.0.0.1).")
    var connect: String

    @Option(name: [.customShort("z"), .customLong("server-socket")],
            help: "The data server's socket type: REP, PUB or PUSH (we connect REQ, SUB or PULL).")
    var serverSocket: String = "REP"

    @Option(help: "Seconds without data before reporting a timeout.")
    var timeout: Double = 10

    @Option(help: "The views file (YAML); it is watched and reloaded when it changes.")
    var views: String

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

    @OptionGroup(title: "MPI scale-out")
    var scaleOut: ScaleOutOptions

    func validate() throws {
        guard ClientPattern(serverSocket: serverSocket) != nil else { throw ValidationError("-z must be REP, PUB or PUSH") }
        guard ServerPattern(name: publishSocket) != nil else { throw ValidationError("--publish-socket must be PUB, REP or PUSH") }
        guard ProtocolVersion(rawValue: publishProtocol) != nil else { throw ValidationError("--publish-protocol must be 2.2 or 1.0") }
        if let dashboard, DashboardConfiguration(address: dashboard) == nil {
            throw ValidationError("--dashboard must be HOST:PORT or PORT")
        }
        guard statusInterval > 0, timeout > 0, queueDepth > 0 else { throw ValidationError("intervals and depths must be positive") }
    }

    /// Built-in operators and the example Swift views.
    static var library: OperatorLibrary {
        var library = OperatorLibrary.builtIn
        library.register(contentsOf: ExampleViews.library)
        return library
    }

    func run() async throws {
        // Under an MPI launcher with several ranks: coordinator or worker (Run+MPI.swift).
        if Self.isScaledOut { return try await runScaledOut() }
        // Signals first: from here on SIGINT/SIGTERM stop the run cleanly instead of killing it.
        let stopper = Stopper()
        let signals = RecordSignals { stopper.stop($0) }
        defer { withExtendedLifetime(signals) {} }
        let url = URL(fileURLWithPath: views)
        let definitions: [ViewDefinition]
        let runner: ViewRunner
        let version = ProtocolVersion(rawValue: publishProtocol)!
        let publisher = try await ResultPublisher.start(BridgeServerConfiguration(
            endpoint: Endpoint.normalize(publish), pattern: ServerPattern(name: publishSocket)!,
            protocolVersion: version))
        defer { publisher.close() }
        do {
            definitions = try ViewsFile.load(url)
            runner = try ViewRunner(definitions: definitions, library: Self.library, publisher: publisher)
        } catch {
            printError("\(views) cannot run:\n\(error)")
            throw ExitCode(2)
        }
        let endpoint = Endpoint.normalize(connect)
        let pattern = ClientPattern(serverSocket: serverSocket)!
        let recorders: Recorders
        do {
            recorders = try await recording.open(endpoint: endpoint, pattern: pattern, publishedAs: version)
        } catch {
            printError("cannot record: \(error)")
            throw ExitCode(1)
        }
        printLine("views: \(definitions.map(\.name).joined(separator: ", "))")
        printLine("publishing on \(publisher.endpoint) (\(publishSocket.uppercased()))")
        if let path = recording.recordInput { printLine("recording input into \(path) (\(recording.recordFormat.rawValue))") }
        if let path = recording.recordResults { printLine("recording results into \(path) (\(recording.recordFormat.rawValue))") }

        // Start-up; whatever fails here still closes the recordings and the dashboard.
        var controlSocket: RunControlSocket?
        var dash: DashboardServer?
        let client: BridgeClient
        do {
            if let control {
                let socket = try await RunControlSocket.start(Endpoint.normalize(control), runner: runner)
                controlSocket = socket
                printLine("control on \(socket.endpoint)")
            }
            dash = try await startDashboard(runner)
            if let observer = recorders.observer { await runner.observe(observer) }
            var configuration = BridgeClientConfiguration(endpoint: endpoint, pattern: pattern, timeout: timeout,
                                                          queueDepth: queueDepth, noDrop: noDrop)
            configuration.tap = recorders.tap
            client = try BridgeClient(configuration)
        } catch {
            controlSocket?.stop()
            _ = await recorders.close()
            await dash?.stop()
            throw error
        }
        stopper.attach(client)
        printLine("running on \(endpoint)")

        let watcher = noWatch ? nil : Task {
            await runner.follow(ViewsFileWatcher(url: url)) { result in
                switch result {
                case let .success(summary):
                    printLine("reloaded \(views): kept \(summary.kept.count), started \(summary.started.joined(separator: ", ")), removed \(summary.removed.joined(separator: ", "))")
                case let .failure(error):
                    printError("\(views) not reloaded, still running the previous views:\n\(error)")
                }
            }
        }
        let interval = statusInterval
        let status = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(Int(interval * 1000)))
                if Task.isCancelled { break }
                await runner.noteDropped(client.statistics.snapshot.dropped)
                printLine(await runner.status().line + recorders.statusSuffix)
            }
        }
        await runner.run(client, limit: ntrains)
        // Stop taking input, then flush and close the recordings before the final line.
        client.close()
        watcher?.cancel()
        status.cancel()
        await runner.noteDropped(client.statistics.snapshot.dropped)
        let recorded = await recorders.close()
        let reason = stopper.signal.map { $0 == SIGINT ? " (stopped by SIGINT)" : $0 == SIGTERM ? " (stopped by SIGTERM)" : "" } ?? ""
        printLine("done: " + (await runner.status().line) + recorders.statusSuffix + reason)
        await dash?.stop()
        controlSocket?.stop()
        if !recorded { throw ExitCode(1) }
    }

    /// Starts the dashboard when asked: its commands go to the runner like the control socket's,
    /// and it sees every published message (ingesting never waits for a browser).
    func startDashboard(_ runner: ViewRunner) async throws -> DashboardServer? {
        guard let dashboard else { return nil }
        let control = JSONCommandControl { text in
            do throws(ControlError) {
                return await runner.handle(try ControlCommand(text: Data(text.utf8))).text
            } catch {
                return error.reply.text
            }
        }
        let dash = try await DashboardServer.start(DashboardConfiguration(address: dashboard)!, control: control)
        await runner.observe { message in dash.ingest(message) }
        printLine("dashboard on \(dash.url)")
        return dash
    }
}
