import ArgumentParser
import BridgeSockets
import CommandSupport
import ExampleViews
import Foundation
import Handoff
import KaraboBridge
import Views

/// `trainspotter bench e2e`: the simulator's AGIPD stream through a views graph (dark subtraction,
/// pulse mean, assembly, azimuthal integration, ROI), beside the receive-only and processing-only
/// rates measured in the same run.
struct BenchEndToEnd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "e2e",
        abstract: "End to end: simulator AGIPD corrected → dark, pulse mean, assembly, azimuthal integration, ROI; sustained trains/s beside receive-only and processing-only.")

    @Option(help: "Trains to time per streaming measurement (after the warm-up).")
    var trains = 30

    @Option(help: "Warm-up trains per measurement (not timed).")
    var warmup = 3

    @Option(help: "Pulses per train.")
    var pulses = 64

    @Option(help: "Trains of the dark recording (simulator --dark).")
    var darkTrains = 5

    @Option(help: "Calls of the graph on one received train for the processing-only rate.")
    var loops = 20

    @Option(help: "Write the views file used here to this path too (to run it with `trainspotter run`).")
    var saveViews: String?

    @Option(help: "Also measure the cost of matching a second bridge (XGM + motor), both simulators paced at this rate (Hz).")
    var matchRate: Double?

    static let source = "SPB_DET_AGIPD1M-1/CAL/APPEND_CORRECTED"

    /// The graph: the simulator's documented geometry (docs/simulator.md §4.3).
    static func viewsYAML(darkTrains: Int) -> String {
        """
        # trainspotter bench e2e: AGIPD corrected (online layout) → dark → pulse mean → assembly →
        # azimuthal integration (the simulator's geometry) and a ROI on the assembled mean image.
        views:
          agipd_dark:
            operator: dark
            input: \(source)[image.data]
            params: {layout: online, trains: \(darkTrains)}
            hidden: true
          agipd_mean:
            operator: pulse_mean
            input: view:agipd_dark
            params: {layout: file}
            hidden: true
          agipd_level:
            operator: statistics
            input: view:agipd_mean
            params: {statistic: mean}
          agipd_image:
            operator: assemble
            input: view:agipd_mean
            params: {detector: AGIPD}
            hidden: true
          agipd_rings:
            operator: azimuthal_integration
            input: view:agipd_image
            params: {rows: 1052, columns: 1028, pixel1: 0.0002, pixel2: 0.0002, distance: 2.0,
                     poni1: 0.1052, poni2: 0.1028, wavelength: 1.3331634e-10, bins: 300, radial_range: [0.2, 2.6]}
          agipd_roi:
            operator: roi
            input: view:agipd_image
            params: {x: 600, y: 500, width: 200, height: 100}
          agipd_roi_mean:
            operator: statistics
            input: view:agipd_roi
            params: {statistic: mean}

        """
    }

    func validate() throws {
        guard trains > 0, warmup >= 0, pulses > 0, darkTrains > 0, loops > 0 else {
            throw ValidationError("counts must be positive")
        }
    }

    func run() async throws {
        let yaml = Self.viewsYAML(darkTrains: darkTrains)
        if let saveViews { try yaml.write(toFile: saveViews, atomically: true, encoding: .utf8) }
        let runner = try ViewRunner(definitions: try ViewsFile.parse(yaml, file: "bench-e2e.yaml"), library: ExampleViews.withBuiltIns)
        let size = String(format: "%.0f MB", Double(16 * 128 * 512 * pulses * 4) / 1e6)
        printLine("End to end: trainspotter simulate -d AGIPD --data-like online --pulses \(pulses) -z PUSH --rate 0 (\(size) of image.data per train)")
        printLine("→ our BridgeClient (PULL, back-pressure) → ViewRunner: dark (online → pulses first, minus the dark),")
        printLine("pulse mean, assembly (1052 × 1028), azimuthal integration (300 bins), ROI + statistics. Release build.")
        printLine("Load average before: \(Self.loadAverage())")

        // 1. A dark from shutter-closed frames, recorded by the dark view on command.
        let darkSeconds = try await withSimulator(dark: true) { endpoint in
            let client = try Self.client(endpoint)
            defer { client.close() }
            let reply = await runner.handle(try ControlCommand(text: Data(#"{"dark": {"view": "agipd_dark", "action": "record"}}"#.utf8)))
            guard reply.text.contains("\"ok\":true") || reply.text.contains("\"ok\": true") else {
                throw ValidationError("dark record refused: \(reply.text)")
            }
            let start = DispatchTime.now()
            for _ in 0..<darkTrains { await runner.process(try await client.nextTrain()) }
            return Self.seconds(since: start)
        }
        let darkStatus = await runner.handle(.action(view: "agipd_dark", action: "status", arguments: [:])).text
        guard darkStatus.contains("dark of") else { throw ValidationError("no dark after recording: \(darkStatus)") }

        // 2. Receive only: the same stream, decoded, no views.
        let receive = try await withSimulator(dark: false) { endpoint in
            let client = try Self.client(endpoint)
            defer { client.close() }
            for _ in 0..<warmup { _ = try await client.nextTrain() }
            let start = DispatchTime.now()
            for _ in 0..<trains { _ = try await client.nextTrain() }
            return Self.seconds(since: start)
        }

        // 3. End to end: every train through the graph as it arrives.
        var e2eTimes = ViewTimes()
        var kept: Train?
        var lastReport: TrainReport?
        let e2e = try await withSimulator(dark: false) { endpoint in
            let client = try Self.client(endpoint)
            defer { client.close() }
            for _ in 0..<warmup {
                let train = try await client.nextTrain()
                kept = train
                await runner.process(train)
            }
            let start = DispatchTime.now()
            for _ in 0..<trains {
                let report = await runner.process(try await client.nextTrain())
                e2eTimes.add(report)
                lastReport = report
            }
            return Self.seconds(since: start)
        }
        guard let kept, let lastReport else { throw ValidationError("no trains") }
        if !lastReport.failures.isEmpty {
            throw ValidationError("views failed: \(lastReport.failures.map { "\($0.view): \($0.message)" })")
        }

        // 4. Processing only: the graph on one received train, in a loop (no socket).
        var loopTimes = ViewTimes()
        await runner.process(kept)
        let cpuStart = Self.processCPUSeconds()
        let start = DispatchTime.now()
        for _ in 0..<loops { loopTimes.add(await runner.process(kept)) }
        let processing = Self.seconds(since: start)
        let processingCPU = Self.processCPUSeconds() - cpuStart
        let copy = Self.memcpySeconds(bytes: 16 * 128 * 512 * pulses * 4)
        func scalar(_ view: String) -> Double {
            if case let .scalar(v)? = lastReport.value(view) { return v }
            return .nan
        }
        let level = scalar("agipd_level"), roiMean = scalar("agipd_roi_mean")

        printLine("Load average after: \(Self.loadAverage())")
        printLine("")
        printLine(pad("measurement", 58) + pad("trains", 8) + pad("trains/s", 10) + pad("GB/s", 8) + "of receive-only")
        let bytes = Double(kept.messageBytes)
        func row(_ label: String, _ n: Int, _ seconds: Double, ratio: Bool) {
            var line = pad(label, 58) + pad("\(n)", 8) + pad(String(format: "%.2f", Double(n) / seconds), 10)
                + pad(String(format: "%.2f", bytes * Double(n) / seconds / 1e9), 8)
            if ratio { line += String(format: "%.0f %%", receive / seconds * 100) }
            printLine(line)
        }
        row("end to end: simulator → client → views (sustained)", trains, e2e, ratio: true)
        row("(a) receive only: simulator → client, no views", trains, receive, ratio: false)
        row("(b) processing only: views on one train in a loop", loops, processing, ratio: false)
        printLine(String(format: "processing only: %.0f ms of CPU per train (all threads of this process; wall %.0f ms); memcpy of the %@ image.data: %.0f ms",
                         processingCPU / Double(loops) * 1000, processing / Double(loops) * 1000, size, copy * 1000))
        printLine(String(format: "goal: 10 trains/s; dark of %d trains recorded at %.2f trains/s (through the graph)",
                         darkTrains, Double(darkTrains) / darkSeconds))
        printLine("")
        printLine(pad("view (ms per train)", 20) + pad("end to end", 12) + "processing only")
        for name in loopTimes.names {
            printLine(pad(name, 20) + pad(String(format: "%.1f", e2eTimes.mean(name) * 1000), 12)
                      + String(format: "%.1f", loopTimes.mean(name) * 1000))
        }
        printLine(pad("all views", 20) + pad(String(format: "%.1f", e2eTimes.total * 1000), 12)
                  + String(format: "%.1f", loopTimes.total * 1000))
        printLine(String(format: "check: mean level after dark subtraction %.2f ADU (pedestal 1550 removed), ROI mean %.2f", level, roiMean))
        if let matchRate { try await matchingCost(runner, rate: matchRate) }
    }

    /// Per-view mean seconds over several trains.
    struct ViewTimes {
        var names: [String] = []
        var sums: [String: Double] = [:]
        var count = 0
        mutating func add(_ report: TrainReport) {
            count += 1
            for r in report.records {
                if sums[r.name] == nil { names.append(r.name) }
                sums[r.name, default: 0] += r.seconds
            }
        }
        func mean(_ name: String) -> Double { count > 0 ? (sums[name] ?? 0) / Double(count) : 0 }
        var total: Double { count > 0 ? sums.values.reduce(0, +) / Double(count) : 0 }
    }

    static func client(_ endpoint: String) throws -> BridgeClient {
        try BridgeClient(BridgeClientConfiguration(endpoint: endpoint, pattern: .pull, timeout: 120, noDrop: true))
    }

    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    /// User + system CPU seconds of this process so far.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// Best of 5 `memcpy`s of `bytes` between two buffers already touched (a one-pass floor).
    static func memcpySeconds(bytes: Int) -> Double {
        let a = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        let b = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        defer { a.deallocate(); b.deallocate() }
        memset(a, 1, bytes)
        memset(b, 0, bytes)
        var best = Double.infinity
        for _ in 0..<5 {
            let start = DispatchTime.now()
            memcpy(b, a, bytes)
            best = min(best, seconds(since: start))
        }
        return best
    }

    static func loadAverage() -> String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").prefix(3).joined(separator: " ")
    }

    func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count) }

    /// Runs `trainspotter simulate` (the tool beside this executable) for the duration of `body`.
    func withSimulator<R>(dark: Bool, _ body: (String) async throws -> R) async throws -> R {
        let port = try BenchReceive().freePortViaZMQ()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Executables.trainspotter)
        process.arguments = ["simulate", "\(port)", "-z", "PUSH", "-d", "AGIPD", "--data-like", "online", "--pulses", "\(pulses)",
                             "--rate", "0", "--status-every", "3600", "--pool-mb", "600"] + (dark ? ["--dark"] : [])
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // SIGKILL: a child spawned from a pool thread inherits its blocked SIGTERM.
        defer { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        return try await body("tcp://127.0.0.1:\(port)")
    }
}
