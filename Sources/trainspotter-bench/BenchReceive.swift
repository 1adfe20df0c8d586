import ArgumentParser
import BridgeSockets
import ByteSlices
import CommandSupport
import Foundation
import KaraboBridge
import ZeroMQ

/// `trainspotter bench receive`: raw libzmq PULL (the ceiling) vs our client vs the Python client.
struct BenchReceive: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive",
        abstract: "Receive throughput on loopback: raw libzmq ceiling, our client, karabo_bridge.Client.")

    @Option(help: "Trains per measurement for the 16.8 MB case.")
    var smallTrains = 400

    @Option(help: "Trains per measurement for the 277 MB case.")
    var largeTrains = 30

    @Option(help: "Python with karabo-bridge installed (default: .venv/bin/python or $TRAINSPOTTER_PYTHON).")
    var python: String?

    @Flag(help: "Skip the Python client.")
    var skipPython = false

    func run() async throws {
        let cases: [(String, [ByteSlice], Int)] = [
            ("16.8 MB AGIPDModule raw, 64 pulses", BridgeEncoder().encode(BenchmarkTrains.agipdModuleRaw(trainID: 1)), smallTrains),
            ("277 MB AGIPD corrected, 64 pulses", BridgeEncoder().encode(BenchmarkTrains.agipdCorrected(trainID: 1)), largeTrains),
        ]
        print("Receive throughput over tcp loopback, PUSH (SNDHWM 1) → PULL, one sender thread; release build.")
        print(pad("case", 36) + pad("receiver", 24) + pad("GB/s", 8) + pad("trains/s", 10) + "vs Python  vs ceiling")
        for (label, frames, n) in cases {
            let size = frames.reduce(0) { $0 + $1.count }
            let ceiling = try await measure(frames: frames, count: n) { endpoint, count in try rawPull(endpoint, count) }
            let ours = try await measure(frames: frames, count: n) { endpoint, count in try await clientPull(endpoint, count) }
            var py: Double?
            if !skipPython {
                py = try await measure(frames: frames, count: n) { endpoint, count in try await pythonPull(endpoint, count) }
            }
            func row(_ name: String, _ seconds: Double) {
                let gbs = Double(size * (n - 1)) / seconds / 1e9
                let tps = Double(n - 1) / seconds
                var line = pad(label, 36) + pad(name, 24) + pad(String(format: "%.2f", gbs), 8) + pad(String(format: "%.1f", tps), 10)
                if let py, name == "trainspotter client" {
                    line += pad(String(format: "%.2fx", py / seconds), 11) + String(format: "%.0f %%", ceiling / seconds * 100)
                }
                print(line)
            }
            row("raw libzmq PULL", ceiling)
            row("trainspotter client", ours)
            if let py { row("karabo_bridge.Client", py) }
        }
    }

    func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count) }

    /// Starts a PUSH sender thread that sends `frames` `count` times, runs `receive`, returns its seconds.
    func measure(frames: [ByteSlice], count: Int,
                 _ receive: @escaping @Sendable (String, Int) async throws -> Double) async throws -> Double {
        let port = try freePortViaZMQ()
        let endpoint = "tcp://127.0.0.1:\(port)"
        let sender = Thread {
            do {
                let ctx = try ZMQContext()
                let push = try ZMQSocket(context: ctx, type: .push)
                try push.setSendHighWaterMark(1)
                try push.setLinger(milliseconds: 5000)
                try push.bind(endpoint)
                for _ in 0..<count { _ = try push.send(frames) }
                push.close()
            } catch {
                printError("bench sender: \(error)")
            }
        }
        sender.start()
        return try await receive(endpoint, count)
    }

    func freePortViaZMQ() throws -> Int {
        let ctx = try ZMQContext()
        let s = try ZMQSocket(context: ctx, type: .pull)
        try s.bind("tcp://127.0.0.1:*")
        let ep = s.lastEndpoint ?? ""
        s.close()
        return Int(ep.split(separator: ":").last ?? "") ?? 45454
    }
}

/// Raw libzmq: receive and drop, on a dedicated thread.
@Sendable func rawPull(_ endpoint: String, _ count: Int) throws -> Double {
    let ctx = try ZMQContext()
    let pull = try ZMQSocket(context: ctx, type: .pull)
    try pull.setReceiveHighWaterMark(1)
    try pull.connect(endpoint)
    _ = try pull.receiveMultipart()
    let start = DispatchTime.now()
    for _ in 1..<count { _ = try pull.receiveMultipart() }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    pull.close()
    return seconds
}

/// Our client, decoding every train, consumed by an async loop.
@Sendable func clientPull(_ endpoint: String, _ count: Int) async throws -> Double {
    let client = try BridgeClient(BridgeClientConfiguration(endpoint: endpoint, pattern: .pull, timeout: 120, noDrop: true))
    defer { client.close() }
    _ = try await client.nextTrain()
    let start = DispatchTime.now()
    var arrays = 0
    for _ in 1..<count { arrays += try await client.nextTrain().sources.values.reduce(0) { $0 + $1.data.count } }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    precondition(arrays > 0)
    return seconds
}

/// The reference Python client in a subprocess.
@Sendable func pythonPull(_ endpoint: String, _ count: Int) async throws -> Double {
    let python = ProcessInfo.processInfo.environment["TRAINSPOTTER_PYTHON"] ?? ".venv/bin/python"
    let script = "scripts/bench_kb_client.py"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [script, endpoint, "PULL", "\(count)"]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output: String = await withCheckedContinuation { cont in
        Thread {
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            cont.resume(returning: String(decoding: data, as: UTF8.self))
        }.start()
    }
    guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("RESULT") }),
          let seconds = Double(line.split(separator: " ")[1]) else {
        throw ValidationError("the Python client failed (\(python) \(script)): \(output)")
    }
    return seconds
}
