import ArgumentParser
import CommandSupport
import Foundation
import Handoff
import Synchronization
import ZeroMQ

/// `trainspotter bench soak`: the simulator at `--rate 0` (a flood) into `trainspotter run` for
/// some minutes, sampling `run`'s resident memory: it must stay flat while trains are dropped
/// (newest wins) and counted.
struct BenchSoak: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "Memory soak: the simulator at --rate 0 floods `trainspotter run`; samples run's RSS (VmRSS), prints start/peak/end and the slope.",
        discussion: """
            Starts `trainspotter simulate 0 --rate 0` and `trainspotter run` (its views file, or a built-in \
            camera/XGM/motor graph) as child processes, samples /proc/PID/status VmRSS and run's control \
            status every --interval seconds, then stops both with SIGTERM. The slope is a least-squares fit \
            over the samples after the warm-up (the first 10 %, at least one sample). SIGINT ends the soak early.
            """)

    @Option(help: "Duration in minutes.")
    var minutes: Double = 10

    @Option(help: "Seconds between samples.")
    var interval: Double = 5

    @Option(help: "Simulator sources (docs/simulator.md).")
    var sources = "camera,xgm,motor"

    @Option(help: "Simulator detector (-d); only used when --sources includes detector.")
    var detector = "AGIPDModule"

    @Option(help: "Pulses per train.")
    var pulses = 16

    @Option(name: [.customShort("z"), .customLong("server-socket")], help: "Simulator socket: PUB, PUSH or REP.")
    var serverSocket = "PUB"

    @Option(help: "A views file for run (default: a built-in graph for camera, XGM and motor).")
    var views: String?

    @Flag(help: "Pass --no-drop to run (back-pressure instead of dropping).")
    var noDrop = false

    @Flag(help: "Also serve run's dashboard (on a free loopback port).")
    var dashboard = false

    @Flag(help: "Print every sample.")
    var verbose = false

    func validate() throws {
        guard minutes > 0, interval > 0 else { throw ValidationError("--minutes and --interval must be positive") }
        guard ["PUB", "PUSH", "REP"].contains(serverSocket.uppercased()) else { throw ValidationError("-z must be PUB, PUSH or REP") }
    }

    /// The built-in views: a camera chain with a moving average, an XGM histogram and a correlation.
    static let defaultViews = """
        views:
          camera_roi:
            operator: roi
            input: SPB_XTD9_IMGPII45/CAM/BEAMVIEW:daqOutput[data.image.pixels]
            params: {x: 100, y: 140, width: 440, height: 200}
            hidden: true
          camera_profile:
            operator: projection
            input: view:camera_roi
            params: {axis: x, reduction: mean}
          camera_profile_avg:
            operator: moving_average
            input: view:camera_profile
            params: {window: 50}
          camera_level:
            operator: statistics
            input: view:camera_roi
            params: {statistic: mean}
          xgm_histogram:
            operator: histogram
            input: SA1_XTD2_XGM/XGM/DOOCS[pulseEnergy.photonFlux]
            params: {bins: 50, range: [0, 2000]}
          xgm_vs_motor:
            operator: correlation
            inputs: {x: "SPB_IRU_STEER/MOTOR/X[actualPosition]", y: "SA1_XTD2_XGM/XGM/DOOCS[pulseEnergy.photonFlux]"}
            params: {history: 1000}

        """

    func run() async throws {
        let stop = StopFlag()
        let settings = self
        let signals = RecordSignals { _ in stop.set() }
        let report: Result<String, SoakError> = await withCheckedContinuation { cont in
            let thread = Thread {
                do {
                    cont.resume(returning: .success(try settings.soak(stop: stop)))
                } catch let error as SoakError {
                    cont.resume(returning: .failure(error))
                } catch {
                    cont.resume(returning: .failure(SoakError("\(error)")))
                }
            }
            thread.name = "bench-soak"
            thread.start()
        }
        withExtendedLifetime(signals) {}
        switch report {
        case let .success(text): printLine(text)
        case let .failure(error):
            printError(error.description)
            throw ExitCode(1)
        }
    }

    /// The soak itself, on a dedicated thread: start, sample, stop, summarise.
    private func soak(stop: StopFlag) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("trainspotter-soak-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let viewsPath: String
        if let views {
            viewsPath = views
        } else {
            viewsPath = directory.appendingPathComponent("soak.yaml").path
            try Self.defaultViews.write(toFile: viewsPath, atomically: true, encoding: .utf8)
        }

        var simulatorArguments = ["simulate", "0", "--rate", "0", "-z", serverSocket.uppercased(), "--sources", sources,
                                  "--pulses", String(pulses), "--status-every", "60", "--pool-mb", "200"]
        if sources.contains("detector") { simulatorArguments += ["-d", detector, "-r"] }
        let simulator = try SoakProbe.start(simulatorArguments, log: directory.appendingPathComponent("simulate.log"))
        defer { SoakProbe.stop(simulator) }
        let endpoint = try SoakProbe.value(after: "Simulated Karabo-bridge server started on:", in: simulator)

        var runArguments = ["run", "--connect", endpoint, "-z", serverSocket.uppercased(), "--views", viewsPath,
                            "--publish", "tcp://127.0.0.1:0", "--control", "tcp://127.0.0.1:0", "--status-interval", "1",
                            "--no-watch"]
        if noDrop { runArguments.append("--no-drop") }
        if dashboard { runArguments += ["--dashboard", "127.0.0.1:0"] }
        let run = try SoakProbe.start(runArguments, log: directory.appendingPathComponent("run.log"))
        defer { SoakProbe.stop(run) }
        let control = try SoakProbe.value(after: "control on", in: run)
        _ = try SoakProbe.value(after: "running on", in: run)

        let context = try ZMQContext()
        var socket = try SoakProbe.controlSocket(context, control)
        printLine("soak: simulator (\(sources), rate 0, \(serverSocket.uppercased())) on \(endpoint) → run (pid \(run.process.processIdentifier)) for \(minutes) min, a sample every \(interval) s")
        let started = Date()
        let duration = minutes * 60
        var samples: [SoakProbe.Sample] = []
        var last: SoakProbe.Sample?
        var next = interval
        while !stop.isSet {
            let elapsed = Date().timeIntervalSince(started)
            if elapsed >= duration { break }
            if elapsed < next {
                Thread.sleep(forTimeInterval: min(0.2, next - elapsed))
                continue
            }
            next += interval
            guard run.process.isRunning else { throw SoakError("run exited during the soak:\n\(run.output)") }
            guard simulator.process.isRunning else { throw SoakError("the simulator exited during the soak:\n\(simulator.output)") }
            var sample = SoakProbe.Sample(time: elapsed, runMB: SoakProbe.residentMB(run.process.processIdentifier),
                                          simulatorMB: SoakProbe.residentMB(simulator.process.processIdentifier),
                                          trainsIn: last?.trainsIn ?? 0, processed: last?.processed ?? 0, dropped: last?.dropped ?? 0)
            if let status = SoakProbe.status(socket) {
                sample.trainsIn = (status["trains_in"] as? Int) ?? sample.trainsIn
                sample.processed = (status["processed"] as? Int) ?? sample.processed
                sample.dropped = (status["dropped"] as? Int) ?? sample.dropped
            } else {
                socket.close()
                socket = try SoakProbe.controlSocket(context, control)
            }
            samples.append(sample)
            last = sample
            if verbose {
                printLine(String(format: "%7.0f s  run RSS %7.1f MB  simulator RSS %7.1f MB  in %d  processed %d  dropped %d",
                                 sample.time, sample.runMB, sample.simulatorMB, sample.trainsIn, sample.processed, sample.dropped))
            }
        }
        socket.close()
        context.shutdown()
        let runExit = SoakProbe.stop(run)
        SoakProbe.stop(simulator)
        return summary(samples, runExit: runExit)
    }

    /// The closing report.
    private func summary(_ samples: [SoakProbe.Sample], runExit: Double?) -> String {
        guard let first = samples.first, let end = samples.last else { return "soak: no samples taken" }
        let warmUp = max(first.time, end.time * 0.1)
        let steady = samples.filter { $0.time >= warmUp }
        let slope = SoakProbe.slope(steady.map { (x: $0.time / 60, y: $0.runMB) })
        let peak = samples.max { $0.runMB < $1.runMB }!
        let steadyStart = steady.first ?? first
        let rate = Double(end.processed) / max(end.time, 1e-9)
        var lines = [
            String(format: "soak: %.1f min, %d samples", end.time / 60, samples.count),
            String(format: "run RSS: start %.1f MB (at %.0f s), after warm-up %.1f MB (at %.0f s), peak %.1f MB (at %.0f s), end %.1f MB",
                   first.runMB, first.time, steadyStart.runMB, steadyStart.time, peak.runMB, peak.time, end.runMB),
            String(format: "run RSS slope after warm-up: %+.3f MB/min (%+.1f MB over the steady part)", slope,
                   slope * (end.time - steadyStart.time) / 60),
            String(format: "simulator RSS: start %.1f MB, end %.1f MB", first.simulatorMB, end.simulatorMB),
            String(format: "trains: %d in, %d processed (%.0f per second), %d dropped", end.trainsIn, end.processed, rate, end.dropped)
                + (noDrop ? " (--no-drop)" : " (newest wins)"),
        ]
        lines.append(runExit.map { String(format: "run stopped %.2f s after SIGTERM", $0) } ?? "run did not stop within 5 s of SIGTERM (killed)")
        return lines.joined(separator: "\n")
    }
}
