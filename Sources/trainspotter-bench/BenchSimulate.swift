import ArgumentParser
import BridgeSockets
import CommandSupport
import Foundation
import KaraboBridge
import Simulator

/// `trainspotter bench simulate`: our simulator vs karabo-bridge-server-sim, both received by our client.
struct BenchSimulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulator throughput (AGIPD corrected, 64 pulses, PUSH, as fast as possible) beside karabo-bridge-server-sim, and --rate pacing.")

    @Option(help: "Trains to receive from our simulator (after one warm-up train).")
    var trains = 40

    @Option(help: "Trains to receive from the Python simulator (after one warm-up train).")
    var pythonTrains = 8

    @Option(help: "Python with karabo-bridge installed (default: .venv/bin/python or $TRAINSPOTTER_PYTHON).")
    var python: String?

    @Flag(help: "Skip the Python simulator.")
    var skipPython = false

    @Flag(help: "Skip the --rate pacing measurement.")
    var skipPacing = false

    func run() async throws {
        printLine("Simulator throughput: AGIPD corrected, 64 pulses (277 MB/train), protocol 2.2, PUSH, as fast as possible,")
        printLine("each sender in its own process, received and decoded by our client (PULL) over tcp loopback.")
        printLine(pad("sender", 46) + pad("trains", 8) + pad("MB/s", 10) + pad("trains/s", 10) + "vs Python")
        var reference: Measurement?
        if !skipPython {
            reference = try await child(pythonCommand(["-z", "PUSH"]), count: pythonTrains + 1)
        }
        let ours = try await child(oursCommand(["-z", "PUSH", "--rate", "0"]), count: trains + 1)
        row("trainspotter simulate (structured content)", ours, reference)
        if let reference { row("karabo-bridge-server-sim (random)", reference, nil) }
        if !skipPython {
            row("karabo-bridge-server-sim -g zeros", try await child(pythonCommand(["-z", "PUSH", "-g", "zeros"]), count: trains + 1), reference)
        }
        row("ceiling: one pre-encoded train resent", try await ceiling(count: trains + 1), reference)
        let ipc = "ipc://\(NSTemporaryDirectory())trainspotter-bench-\(ProcessInfo.processInfo.processIdentifier)"
        row("trainspotter simulate over ipc://", try await child(oursCommand(["-z", "PUSH", "--rate", "0", "--bind", ipc]),
                                                                 count: trains + 1, endpoint: ipc), reference)
        // Pool generation is heavy: keep it off the cooperative pool.
        let cost: Result<String, SimulatorError> = await withCheckedContinuation { done in
            Thread { done.resume(returning: Result { () throws(SimulatorError) in try generationCost() }) }.start()
        }
        printLine(try cost.get())
        if !skipPacing { try await pacing() }
    }

    /// `trainspotter simulate` (the tool beside this executable) with `options`.
    func oursCommand(_ options: [String]) -> (String, [String]) {
        (Executables.trainspotter, ["simulate", "PORT", "--status-every", "3600"] + options)
    }

    /// karabo-bridge-server-sim bound to 127.0.0.1 (Tests/Peers/kb_sim.py) with `options`.
    func pythonCommand(_ options: [String]) -> (String, [String]) {
        let interpreter = python ?? ProcessInfo.processInfo.environment["TRAINSPOTTER_PYTHON"] ?? ".venv/bin/python"
        return (interpreter, ["Tests/Peers/kb_sim.py", "PORT"] + options)
    }

    struct Measurement {
        var trains: Int
        var bytes: Int
        var seconds: Double
        var megabytesPerSecond: Double { Double(bytes) / seconds / 1e6 }
        var trainsPerSecond: Double { Double(trains) / seconds }
    }

    func row(_ label: String, _ m: Measurement, _ reference: Measurement?) {
        var line = pad(label, 46) + pad("\(m.trains)", 8) + pad(String(format: "%.0f", m.megabytesPerSecond), 10)
            + pad(String(format: "%.2f", m.trainsPerSecond), 10)
        if let reference { line += String(format: "%.1fx", m.megabytesPerSecond / reference.megabytesPerSecond) }
        printLine(line)
    }

    func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count) }

    /// Receives `count` trains with our client; the first is a warm-up and not timed.
    func receive(_ endpoint: String, count: Int) async throws -> Measurement {
        let client = try BridgeClient(BridgeClientConfiguration(endpoint: endpoint, pattern: .pull, timeout: 120, noDrop: true))
        defer { client.close() }
        return try await receive(client, count: count)
    }

    func receive(_ client: BridgeClient, count: Int) async throws -> Measurement {
        _ = try await client.nextTrain()
        let start = DispatchTime.now()
        var bytes = 0
        for _ in 1..<count {
            let train = try await client.nextTrain()
            precondition(train.sources.values.contains { $0.array("image.data") != nil })
            bytes += train.messageBytes
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return Measurement(trains: count - 1, bytes: bytes, seconds: seconds)
    }

    /// Runs a sender process (PORT in its arguments replaced by a free port) and receives from it.
    func child(_ command: (String, [String]), count: Int, endpoint: String? = nil) async throws -> Measurement {
        let port = try BenchReceive().freePortViaZMQ()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command.0)
        process.arguments = command.1.map { $0 == "PORT" ? "\(port)" : $0 }
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // SIGKILL: a child spawned from a pool thread inherits its blocked SIGTERM.
        defer { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        return try await receive(endpoint ?? "tcp://127.0.0.1:\(port)", count: count)
    }

    /// The transport alone: a BridgeServer resending one pre-encoded train (no generation at all).
    func ceiling(count: Int) async throws -> Measurement {
        let server = try await BridgeServer.start(BridgeServerConfiguration(endpoint: "tcp://127.0.0.1:0", pattern: .push))
        let frames = BridgeEncoder().encode(BenchmarkTrains.agipdCorrected(trainID: 1))
        let feeder = Task { while !Task.isCancelled { guard await server.send(frames: frames) else { return } } }
        let client = try BridgeClient(BridgeClientConfiguration(endpoint: server.endpoint, pattern: .pull,
                                                                timeout: 120, noDrop: true))
        let result: Result<Measurement, any Error>
        do { result = .success(try await receive(client, count: count)) } catch { result = .failure(error) }
        // Server first, client later: libzmq 4.3.4 can abort (session_base.cpp, "Resource temporarily
        // unavailable") when a peer disconnects while a closing socket is mid-way through a message.
        feeder.cancel()
        server.close()
        try? await Task.sleep(for: .milliseconds(500))
        client.close()
        return try result.get()
    }

    /// CPU time to assemble and encode one structured train (pools already built).
    func generationCost() throws(SimulatorError) -> String {
        var c = SimulatorConfiguration()
        c.poolMegabytes = 600
        let started = Date()
        let simulation = try Simulation(c)
        let prepared = Date().timeIntervalSince(started)
        let encoder = BridgeEncoder()
        let n = 200
        let start = DispatchTime.now()
        var frames = 0
        for i in 0..<n {
            let plan = simulation.plan(trainID: SimulatorConfiguration.firstTrainID + UInt64(i), timestamp: 0)
            frames += encoder.encode(simulation.train(plan)).count
        }
        let perTrain = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 / Double(n)
        precondition(frames == 12 * n)
        return String(format: "Per train, after pre-generating %.0f MB in %.1f s: %.0f µs to assemble and encode (arrays are pool views, not copied)",
                      Double(simulation.poolBytes) / 1e6, prepared, perTrain * 1e6)
    }

    /// `--rate 10`: received rate and the spread of arrival intervals over 40 trains.
    func pacing() async throws {
        var c = SimulatorConfiguration()
        c.port = 0
        c.pattern = .push
        c.rate = 10
        c.detector = .agipdModule
        c.raw = true
        c.ntrains = 41
        c.poolMegabytes = 100
        c.statusInterval = 3600
        let sim = try await Simulator.start(c)
        defer { sim.stop() }
        let client = try BridgeClient(BridgeClientConfiguration(endpoint: sim.endpoint, pattern: .pull, timeout: 30, noDrop: true))
        defer { client.close() }
        var arrivals: [Double] = []
        while arrivals.count < 41, let event = await client.next() {
            if case let .train(_, raw) = event { arrivals.append(raw.receivedAt) }
        }
        let intervals = zip(arrivals.dropFirst(), arrivals).map { $0 - $1 }
        let rate = Double(intervals.count) / (arrivals.last! - arrivals.first!)
        let mean = intervals.reduce(0, +) / Double(intervals.count)
        let sd = (intervals.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(intervals.count)).squareRoot()
        printLine(String(format: "Pacing, --rate 10 (AGIPDModule raw, 40 intervals): %.3f Hz received, interval %.1f ± %.1f ms (max %.1f ms)",
                     rate, mean * 1000, sd * 1000, intervals.max()! * 1000))
    }
}
