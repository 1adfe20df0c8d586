import ArgumentParser
import BridgeSockets
import ByteSlices
import CommandSupport
import Foundation
import KaraboBridge
import Recording
import ZeroMQ

/// `trainspotter bench replay`: `replay --fast` of an EuXFEL run directory and of our own HDF5
/// recording against `karabo-bridge-serve-files` on the same files and a plain read of the
/// same bytes, all in one run; then `--rate 10` on the run directory.
struct BenchReplay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "replay --fast of an AGIPD-1M run (EXtra-data example layout) and our HDF5 vs karabo-bridge-serve-files and a plain read.")

    @Option(help: "Trains in the run directory and the recording (≈ 270 MB each).")
    var trains = 8

    @Option(help: "Directory for the files (deleted afterwards).")
    var directory = FileManager.default.temporaryDirectory.path

    @Option(help: "Python with extra_data installed (default: $TRAINSPOTTER_PYTHON or .venv/bin/python).")
    var python: String?

    @Option(name: .customLong("repeat"), help: "Runs of each measurement; the median is reported.")
    var repeats = 3

    func run() async throws {
        let interpreter = python ?? ProcessInfo.processInfo.environment["TRAINSPOTTER_PYTHON"] ?? ".venv/bin/python"
        let serveFiles = URL(fileURLWithPath: interpreter).deletingLastPathComponent().appendingPathComponent("karabo-bridge-serve-files").path
        let work = directory + "/trainspotter-bench-replay-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let runDirectory = work + "/run", ours = work + "/ours"
        try runScript(interpreter, ["scripts/bench_make_agipd_run.py", runDirectory, "\(trains)"], expect: "RUN READY")
        try await writeOurs(ours)
        printLine("Replay: \(trains) trains per pass; receiver: raw libzmq PULL (HWM 1) on 127.0.0.1; files in the page cache"
                  + " (read once before); median of \(repeats) runs.")
        printLine(pad("measurement", 58) + pad("trains/s", 11) + pad("GB/s", 8) + "vs reference")
        for (label, path) in [("EuXFEL run (16 AGIPD modules × 64 frames)", runDirectory), ("our HDF5 (AGIPD corrected, 64 pulses)", ours)] {
            _ = try plainRead(path)
            var read: [Double] = [], mine: [Measured] = [], theirs: [Measured] = []
            for _ in 0..<repeats {
                read.append(try plainRead(path))
                mine.append(try await replayFast(path))
                theirs.append(try await serve(serveFiles, path))
            }
            let readRate = median(read), ourRate = median(mine.map(\.bytesPerSecond)), theirRate = median(theirs.map(\.bytesPerSecond))
            printLine(label + ":")
            printLine(pad("  plain read of the files (read(2), 8 MiB blocks)", 58) + pad("", 11)
                      + pad(String(format: "%.2f", readRate / 1e9), 8))
            printLine(pad("  karabo-bridge-serve-files", 58) + pad(String(format: "%.2f", median(theirs.map(\.trainsPerSecond))), 11)
                      + pad(String(format: "%.2f", theirRate / 1e9), 8) + String(format: "%.0f %% of plain read", 100 * theirRate / readRate))
            printLine(pad("  trainspotter replay --fast", 58) + pad(String(format: "%.2f", median(mine.map(\.trainsPerSecond))), 11)
                      + pad(String(format: "%.2f", ourRate / 1e9), 8)
                      + String(format: "%.2fx serve-files, %.0f %% of plain read", ourRate / theirRate, 100 * ourRate / readRate))
        }
        let paced = try await replayRate(runDirectory, hz: 10, count: 31)
        printLine(String(format: "trainspotter replay --rate 10 --loop (EuXFEL run, 30 trains): %.2f trains/s", paced.trainsPerSecond))
    }

    struct Measured {
        var trains: Int
        var bytes: Int
        var seconds: Double
        var bytesPerSecond: Double { Double(bytes) / seconds }
        var trainsPerSecond: Double { Double(trains) / seconds }
    }

    /// Our HDF5 recording of `trains` AGIPD-corrected trains.
    func writeOurs(_ path: String) async throws {
        let writer = try await HDF5RecordingWriter.create(directory: path)
        for i in 0..<trains {
            var train = BenchmarkTrains.agipdCorrected(trainID: 1)
            let id = UInt64(10_000 + i)
            for name in train.sources.keys {
                train.sources[name]!.metadata = Metadata(source: name, trainID: id, timestamp: 1_700_000_000 + Double(i) / 10)
            }
            train.trainID = id
            try await writer.append(RawMessage(frames: BridgeEncoder().encode(train), receivedAt: Date().timeIntervalSince1970), train: train)
        }
        _ = try await writer.close()
    }

    /// Bytes per second of reading every `.h5` file below `path` with read(2).
    func plainRead(_ path: String) throws -> Double {
        let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".h5") }.sorted()
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 8 << 20, alignment: 64)
        defer { buffer.deallocate() }
        let start = DispatchTime.now()
        var total = 0
        for name in names {
            let fd = open(path + "/" + name, O_RDONLY)
            guard fd >= 0 else { throw ValidationError("cannot open \(path)/\(name)") }
            while true {
                let n = Foundation.read(fd, buffer, 8 << 20)
                if n <= 0 { break }
                total += n
            }
            close(fd)
        }
        return Double(total) / (Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
    }

    func replayFast(_ path: String) async throws -> Measured {
        let replayer = try await Replayer.open(path: path, options: ReplayOptions(pace: .fast))
        let server = try await BridgeServer.start(BridgeServerConfiguration(endpoint: "tcp://127.0.0.1:0", pattern: .push))
        defer { server.close() }
        let sending = Task { await replayer.run(server: server) }
        let measured = try await Self.receive(server.endpoint, replayer.count)
        _ = await sending.value
        return measured
    }

    func replayRate(_ path: String, hz: Double, count: Int) async throws -> Measured {
        let replayer = try await Replayer.open(path: path, options: ReplayOptions(pace: .rate(hz), loop: true))
        let server = try await BridgeServer.start(BridgeServerConfiguration(endpoint: "tcp://127.0.0.1:0", pattern: .push))
        defer { server.close() }
        let sending = Task { await replayer.run(server: server) }
        let measured = try await Self.receive(server.endpoint, count)
        replayer.stop()
        _ = await sending.value
        return measured
    }

    /// karabo-bridge-serve-files PATH ENDPOINT -z PUSH, received the same way.
    func serve(_ executable: String, _ path: String) async throws -> Measured {
        let endpoint = try BenchRecord.freeEndpoint()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [path, endpoint, "-z", "PUSH"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let measured = try await Self.receive(endpoint, trains)
        process.waitUntilExit()
        return measured
    }

    /// A raw PULL receiving `count` messages; times messages 2…count (the first includes start-up).
    static func receive(_ endpoint: String, _ count: Int) async throws -> Measured {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Measured, Error>) in
            Thread {
                continuation.resume(with: Result {
                    let context = try ZMQContext()
                    let pull = try ZMQSocket(context: context, type: .pull)
                    defer { pull.close() }
                    try pull.setReceiveHighWaterMark(1)
                    try pull.connect(endpoint)
                    _ = try pull.receiveMultipart()
                    let start = DispatchTime.now()
                    var bytes = 0
                    for _ in 1..<count { bytes += (try pull.receiveMultipart() ?? []).reduce(0) { $0 + $1.count } }
                    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
                    return Measured(trains: count - 1, bytes: bytes, seconds: seconds)
                })
            }.start()
        }
    }

    func runScript(_ interpreter: String, _ arguments: [String], expect: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard output.contains(expect) else { throw ValidationError("\(interpreter) \(arguments.joined(separator: " ")) failed: \(output)") }
    }

    func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count) }
}
