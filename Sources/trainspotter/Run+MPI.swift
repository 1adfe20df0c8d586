import ArgumentParser
import BridgeSockets
import CommandSupport
import Dashboard
import Foundation
import KaraboBridge
import MPI
import Pipeline
import ScaleOut
import Synchronization
import Views

extension Run {
    /// Options that only matter under an MPI launcher (`mpirun -n N trainspotter run …`).
    struct ScaleOutOptions: ParsableArguments {
        @Option(help: "MPI: results held at most while waiting for an earlier train (default 16 per worker, at least 32).")
        var mpiWindow: Int?

        @Option(help: "MPI: seconds a result waits for an earlier train still in a worker's hands before it is published anyway.")
        var mpiMaxWait: Double = 5

        @Option(help: "MPI: seconds of silence after which a worker rank counts as lost (dead or hung).")
        var mpiWorkerTimeout: Double = 3

        func validate() throws {
            guard mpiMaxWait > 0, mpiWorkerTimeout > 0, (mpiWindow ?? 1) > 0 else {
                throw ValidationError("--mpi-window, --mpi-max-wait and --mpi-worker-timeout must be positive")
            }
        }
    }

    /// True when an MPI launcher started this process as one of several ranks.
    static var isScaledOut: Bool { MPILaunch.isParallel(ProcessInfo.processInfo.environment) }

    /// `run` as one rank of an MPI job: rank 0 coordinates, the others are workers (docs/scale-out.md).
    func runScaledOut() async throws {
        let world: MPIWorld
        do { world = try await MPIWorld.start() } catch {
            printError("cannot start MPI: \(error)")
            throw ExitCode(1)
        }
        guard world.size > 1 else {
            printError("the launcher announced several ranks but MPI started a world of size \(world.size)")
            throw ExitCode(1)
        }
        if world.rank == 0 { try await runCoordinator(world) } else { try await runWorker(world) }
    }

    private func runWorker(_ world: MPIWorld) async throws {
        let pattern = ClientPattern(serverSocket: serverSocket)!
        let endpoint = Endpoint.normalize(connect)
        let input = BridgeClientConfiguration(endpoint: endpoint, pattern: pattern, timeout: timeout,
                                              queueDepth: queueDepth, noDrop: noDrop)
        let worker = ScaleOutWorker(world: world, library: Self.library, input: input) { printError($0) }
        let signals = RecordSignals { _ in worker.stopInput() }
        defer { withExtendedLifetime(signals) {} }
        printLine("rank \(world.rank): worker on \(endpoint) (\(pattern.rawValue)), pid \(ProcessInfo.processInfo.processIdentifier)")
        do { try await worker.run() } catch {
            printError("rank \(world.rank): \(error)")
            world.abort(code: 2)
        }
    }

    private func runCoordinator(_ world: MPIWorld) async throws {
        let stopSignal = Atomic<Int32>(0)
        let coordinatorBox = Mutex<ScaleOutCoordinator?>(nil)
        let signals = RecordSignals { number in
            stopSignal.store(number, ordering: .relaxed)
            if let c = coordinatorBox.withLock({ $0 }) { Task { await c.stop(within: .milliseconds(400)) } }
        }
        defer { withExtendedLifetime(signals) {} }
        guard recording.recordInput == nil else {
            printError("--record-input is not available under MPI (rank 0 does not see the input); record results with --record-results")
            world.abort(code: 2)
        }
        guard pythonOptions.contexts.isEmpty, let views else {
            printError("Python views are not available under MPI yet; give a YAML --views file")
            world.abort(code: 2)
        }
        let url = URL(fileURLWithPath: views)
        let text: String
        let definitions: [ViewDefinition]
        let runner: ViewRunner
        let version = ProtocolVersion(rawValue: publishProtocol)!
        let publisher = try await PublisherSink.start(BridgeServerConfiguration(
            endpoint: Endpoint.normalize(publish), pattern: ServerPattern(name: publishSocket)!, protocolVersion: version))
        do {
            text = try String(contentsOf: url, encoding: .utf8)
            definitions = try ViewsFile.parse(text, file: url.path)
            runner = try ViewRunner(definitions: definitions, library: Self.library)
        } catch {
            printError("\(views) cannot run:\n\(error)")
            world.abort(code: 2)
        }
        await runner.attachOutputCounters { (publisher.published, publisher.unpublished) }
        let endpoint = Endpoint.normalize(connect)
        let pattern = ClientPattern(serverSocket: serverSocket)!
        var sinks: [any ResultSink] = [publisher]
        if let request = recording.request(recording.recordResults, queueDepth: 8) {
            do {
                var r = request
                r.info = ["recorded": "run results", "protocol": version.rawValue]
                sinks.append(RecorderSink(name: "results", recorder: try await r.open(), keepsIndex: r.format == .raw))
            } catch {
                printError("cannot record: \(error)")
                world.abort(code: 1)
            }
        }
        let workers = world.size - 1
        printLine("views: \(definitions.map(\.name).joined(separator: ", "))")
        printLine("publishing on \(publisher.endpoint) (\(publishSocket.uppercased()))")
        if let path = recording.recordResults { printLine("recording results into \(path) (\(recording.recordFormat.rawValue))") }

        var controlSocket: ControlSocket?
        do throws(any Error) {
            if let control {
                let socket = try await ControlSocket.start(Endpoint.normalize(control), runner: runner)
                controlSocket = socket
                printLine("control on \(socket.endpoint)")
            }
            if let dashboard, let configuration = DashboardConfiguration(address: dashboard) {
                let dash = try await DashboardServer.start(configuration, control: RunnerControl(runner: runner))
                sinks.append(DashboardSink(dash))
                printLine("dashboard on \(dash.url)")
            }
        } catch {
            controlSocket?.stop()
            for sink in sinks { _ = await sink.close() }
            printError("\(error)")
            world.abort(code: 1)
        }
        let pipeline = Pipeline(runner: runner, sinks: sinks, protocolVersion: version)
        let coordinator = ScaleOutCoordinator(world: world, pipeline: pipeline, configuration: .init(
            workers: workers, window: scaleOut.mpiWindow, maxWait: .milliseconds(Int(scaleOut.mpiMaxWait * 1000)),
            workerTimeout: .milliseconds(Int(scaleOut.mpiWorkerTimeout * 1000)), limit: ntrains)) { printError($0) }
        coordinatorBox.withLock { $0 = coordinator }
        if stopSignal.load(ordering: .relaxed) != 0 { await coordinator.stop(within: .milliseconds(400)) }
        await coordinator.start(viewsText: text)
        printLine("running on \(endpoint): rank 0 coordinates \(workers) worker rank\(workers == 1 ? "" : "s") (\(pattern.rawValue))")

        let watcher = noWatch ? nil : Task { await followViewsFile(url, runner: runner, coordinator: coordinator, last: text) }
        let interval = statusInterval
        let status = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(Int(interval * 1000)))
                if Task.isCancelled { break }
                let ranks = await coordinator.rankStates
                await runner.noteDropped(ranks.reduce(0) { $0 + ($1.status?.dropped ?? 0) })
                printLine(await runner.status().line + pipeline.statusSuffix + " | " + (await coordinator.statusLine))
            }
        }
        let summary = await coordinator.run()
        watcher?.cancel()
        status.cancel()
        let ranks = await coordinator.rankStates
        await runner.noteDropped(ranks.reduce(0) { $0 + ($1.status?.dropped ?? 0) })
        var recorded = true
        for sink in sinks {
            let report = await sink.close()
            if let line = report.line { report.ok ? printLine(line) : printError(line) }
            if !report.ok { recorded = false }
        }
        let number = stopSignal.load(ordering: .relaxed)
        let reason = number == SIGINT ? " (stopped by SIGINT)" : number == SIGTERM ? " (stopped by SIGTERM)" : ""
        printLine("done: " + (await runner.status().line) + pipeline.statusSuffix + " | " + (await coordinator.statusLine) + reason)
        controlSocket?.stop()
        if !summary.lost.isEmpty {
            printError("rank 0: ending the job (MPI_Abort, exit code 3): worker rank\(summary.lost.count == 1 ? "" : "s") \(summary.lost.map(String.init).joined(separator: ", ")) lost")
            world.abort(code: 3)
        }
        // Stopped by a signal: the launcher is tearing the job down (a rank failed, or the user
        // stopped mpirun); finalising could wait for a rank that is gone.
        if number != 0 { return }
        if !(await world.finalize(timeout: .seconds(3))) { world.abort(code: 1) }
        if !recorded { throw ExitCode(1) }
    }

    /// Reloads the views file on rank 0 when it changes and passes the accepted text on to the workers.
    private func followViewsFile(_ url: URL, runner: ViewRunner, coordinator: ScaleOutCoordinator, last: String) async {
        var last = Data(last.utf8)
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(500))
            guard let data = try? Data(contentsOf: url), data != last else { continue }
            last = data
            let text = String(decoding: data, as: UTF8.self)
            do {
                let summary = try await runner.load(try ViewsFile.parse(text, file: url.path))
                await coordinator.reload(viewsText: text)
                printLine("reloaded \(url.path): kept \(summary.kept.count), started \(summary.started.joined(separator: ", ")), removed \(summary.removed.joined(separator: ", "))")
            } catch {
                printError("\(url.path) not reloaded, still running the previous views:\n\(error)")
            }
        }
    }
}
