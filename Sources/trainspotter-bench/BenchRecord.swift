import ArgumentParser
import BridgeSockets
import ByteSlices
import CommandSupport
import Foundation
import KaraboBridge
import Recording
import ZeroMQ

/// `trainspotter bench record`: recording and replay throughput beside this machine's plain
/// sequential write speed and the raw libzmq loopback ceiling, all measured in the same run.
struct BenchRecord: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Raw and HDF5 recording of 277 MB AGIPD trains vs dd-style writes; replay --fast vs raw libzmq.")

    @Option(help: "Trains per measurement (277 MB each). The default stays below the kernel's dirty-page throttling, so disk runs measure the page cache; use --sync to measure the disk itself.")
    var trains = 6

    @Option(help: "Directory on the local disk for the files (deleted afterwards).")
    var directory = FileManager.default.temporaryDirectory.path

    @Option(help: "A RAM-backed directory (tmpfs) for the same measurements without the disk; empty to skip.")
    var memoryDirectory = "/dev/shm"

    @Flag(help: "Include fdatasync in every write measurement (measures the disk instead of the page cache).")
    var sync = false

    @Flag(help: "Skip the end-to-end socket → client → recorder measurement.")
    var skipSocket = false

    @Option(name: .customLong("repeat"), help: "Runs of each measurement (interleaved); the median is reported.")
    var repeats = 3

    func run() async throws {
        let base = BenchmarkTrains.agipdCorrected(trainID: 1)
        let messages: [(Train, [ByteSlice])] = (0..<trains).map { i in
            var train = base
            let id = UInt64(10_000_000_000 + i)
            for name in train.sources.keys {
                train.sources[name]!.metadata = Metadata(source: name, trainID: id, timestamp: 1_700_000_000 + Double(i) / 10)
            }
            train.trainID = id
            return (train, BridgeEncoder().encode(train))
        }
        let size = messages[0].1.reduce(0) { $0 + $1.count }
        let total = Double(size * trains)
        print("Recording and replay: \(trains) trains of \(String(format: "%.1f", Double(size) / 1e6)) MB (AGIPD corrected, 64 pulses) = "
              + String(format: "%.2f GB", total / 1e9) + " per measurement"
              + (sync ? ", fdatasync included" : ", page cache (no fdatasync)") + "; `sync` before each measurement;"
              + " median (min–max) of \(repeats) runs, order rotated per run.")
        print(pad("measurement", 60) + pad("GB/s", 20) + "vs reference")
        var places = [("disk", directory)]
        if !memoryDirectory.isEmpty, FileManager.default.fileExists(atPath: memoryDirectory) {
            places.append(("tmpfs", memoryDirectory))
        }
        var recordingForReplay: String?
        var cleanup: [String] = []
        defer { for path in cleanup { try? FileManager.default.removeItem(atPath: path) } }
        for (label, place) in places {
            let work = place + "/trainspotter-bench-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            cleanup.append(work)
            var dd: [Double] = [], raw: [Double] = [], socket: [Double] = [], hdf5: [Double] = []
            // Each run takes the measurements in a rotated order: the kernel's writeback state
            // left by one measurement affects the next, so no kind always comes after another.
            let kinds: [Measurement] = skipSocket ? [.dd, .raw, .hdf5] : [.dd, .raw, .socket, .hdf5]
            for run in 0..<repeats {
                for step in 0..<kinds.count {
                    Foundation.sync()
                    switch kinds[(step + run) % kinds.count] {
                    case .dd:
                        dd.append(try ddWrite(path: work + "/dd.bin", bytes: size * trains, sync: sync))
                        settle(work + "/dd.bin")
                    case .raw:
                        let rawPath = work + "/raw-\(run)"
                        raw.append(total / (try await recordRaw(messages, directory: rawPath)))
                        if recordingForReplay == nil { recordingForReplay = rawPath } else { settle(rawPath) }
                    case .socket:
                        socket.append(total / (try await recordFromSocket(messages, directory: work + "/socket-\(run)")))
                        settle(work + "/socket-\(run)")
                    case .hdf5:
                        hdf5.append(total / (try await recordHDF5(messages, directory: work + "/hdf5-\(run)")))
                        settle(work + "/hdf5-\(run)")
                    }
                }
            }
            row("\(label): plain sequential write (dd-style, 16 MiB writes)", dd, nil)
            row("\(label): raw recording (RecordingWriter fed from memory)", raw, dd)
            if !skipSocket { row("\(label): raw recording, our PUSH → our client → writer", socket, dd) }
            row("\(label): HDF5 recording (direct chunk writes)", hdf5, dd)
        }
        guard let recording = recordingForReplay else { return }
        let sent = Double(size * (trains - 1))
        var ceiling: [Double] = [], replay: [Double] = [], unverified: [Double] = []
        for _ in 0..<repeats {
            ceiling.append(sent / (try await sendFromMemory(messages.map(\.1), count: trains)))
            replay.append(sent / (try await replayFast(recording, count: trains, verify: true)))
            unverified.append(sent / (try await replayFast(recording, count: trains, verify: false)))
        }
        row("raw libzmq PUSH → PULL from memory (loopback ceiling)", ceiling, nil)
        row("replay --fast of the disk recording → raw libzmq PULL", replay, ceiling)
        row("replay --fast --no-verify → raw libzmq PULL", unverified, ceiling)
    }

    enum Measurement { case dd, raw, socket, hdf5 }

    func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count) }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// A row: median and range in GB/s, and the ratio of medians to the reference.
    func row(_ label: String, _ bytesPerSecond: [Double], _ reference: [Double]?) {
        let median = Self.median(bytesPerSecond)
        let range = String(format: "%.2f (%.2f–%.2f)", median / 1e9, (bytesPerSecond.min() ?? 0) / 1e9, (bytesPerSecond.max() ?? 0) / 1e9)
        var line = pad(label, 60) + pad(range, 20)
        if let reference { line += String(format: "%.0f %%", median / Self.median(reference) * 100) }
        print(line)
    }

    /// Deletes `path` and writes every dirty page back, so the next measurement starts clean.
    func settle(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
        Foundation.sync()
    }

    /// Bytes per second of plain 16 MiB `write` calls (plus `fdatasync` with --sync).
    func ddWrite(path: String, bytes: Int, sync: Bool) throws -> Double {
        let chunk = 16 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 4096)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ValidationError("cannot create \(path)") }
        let start = ContinuousClock.now
        var left = bytes
        while left > 0 {
            let n = write(fd, buffer.baseAddress, min(chunk, left))
            guard n > 0 else { close(fd); throw ValidationError("write failed: \(String(cString: strerror(errno)))") }
            left -= n
        }
        if sync { fdatasync(fd) }
        close(fd)
        return Double(bytes) / (ContinuousClock.now - start).secondsValue
    }

    func recordRaw(_ messages: [(Train, [ByteSlice])], directory: String) async throws -> Double {
        let start = ContinuousClock.now
        let writer = try await RecordingWriter.create(directory: directory, options: RawRecordingOptions(
            syncInterval: sync ? 3600 : nil))
        for (train, frames) in messages {
            try await writer.append(RawMessage(frames: frames, receivedAt: Date().timeIntervalSince1970), train: train)
        }
        _ = try await writer.close()
        let seconds = (ContinuousClock.now - start).secondsValue
        Foundation.sync()
        return seconds
    }

    func recordHDF5(_ messages: [(Train, [ByteSlice])], directory: String) async throws -> Double {
        let start = ContinuousClock.now
        let writer = try await HDF5RecordingWriter.create(directory: directory)
        for (train, frames) in messages {
            try await writer.append(RawMessage(frames: frames, receivedAt: Date().timeIntervalSince1970), train: train)
        }
        let summary = try await writer.close()
        if sync {
            for file in summary.files {
                let fd = open(file, O_RDONLY)
                fdatasync(fd)
                close(fd)
            }
        }
        return (ContinuousClock.now - start).secondsValue
    }

    /// `trainspotter record`'s path: our server PUSHes, our client PULLs, the writer records.
    func recordFromSocket(_ messages: [(Train, [ByteSlice])], directory: String) async throws -> Double {
        let server = try await BridgeServer.start(BridgeServerConfiguration(endpoint: "tcp://127.0.0.1:0", pattern: .push))
        defer { server.close() }
        let feeder = Task { for (_, frames) in messages { await server.send(frames: frames) } }
        let client = try BridgeClient(BridgeClientConfiguration(endpoint: server.endpoint, pattern: .pull, timeout: 60,
                                                                queueDepth: 4, noDrop: true))
        defer { client.close() }
        let writer = try await RecordingWriter.create(directory: directory, options: RawRecordingOptions(
            syncInterval: sync ? 3600 : nil))
        var start: ContinuousClock.Instant?
        var received = 0
        for await event in client {
            guard case let .train(train, raw) = event else { continue }
            if start == nil { start = ContinuousClock.now }
            try await writer.append(raw, train: train)
            received += 1
            if received == messages.count { break }
        }
        _ = try await writer.close()
        feeder.cancel()
        // The first train's transfer happened before the clock started.
        return (ContinuousClock.now - start!).secondsValue * Double(messages.count) / Double(max(1, messages.count - 1))
    }

    /// Seconds for a raw libzmq PULL to receive `count - 1` messages pushed from memory.
    func sendFromMemory(_ frames: [[ByteSlice]], count: Int) async throws -> Double {
        let endpoint = try Self.freeEndpoint()
        let sender = Thread {
            do {
                let context = try ZMQContext()
                let push = try ZMQSocket(context: context, type: .push)
                try push.setSendHighWaterMark(1)
                try push.setLinger(milliseconds: 5000)
                try push.bind(endpoint)
                for i in 0..<count { _ = try push.send(frames[i % frames.count]) }
                push.close()
            } catch {
                printError("bench sender: \(error)")
            }
        }
        sender.start()
        return try await Self.pull(endpoint, count)
    }

    /// `rawPull` on a thread of its own (it blocks).
    static func pull(_ endpoint: String, _ count: Int) async throws -> Double {
        try await withCheckedThrowingContinuation { (cont: CheckedContinuation<Double, Error>) in
            Thread { cont.resume(with: Result { try rawPull(endpoint, count) }) }.start()
        }
    }

    /// A loopback endpoint with a port that was free a moment ago.
    static func freeEndpoint() throws -> String {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context: context, type: .pull)
        try socket.bind("tcp://127.0.0.1:*")
        let endpoint = socket.lastEndpoint ?? "tcp://127.0.0.1:45499"
        socket.close()
        return endpoint
    }

    /// Seconds for a raw libzmq PULL to receive `count - 1` messages from `Replayer` with `.fast`.
    func replayFast(_ recording: String, count: Int, verify: Bool) async throws -> Double {
        let replayer = try await Replayer.open(path: recording, options: ReplayOptions(pace: .fast, verify: verify))
        let server = try await BridgeServer.start(BridgeServerConfiguration(endpoint: "tcp://127.0.0.1:0", pattern: .push))
        defer { server.close() }
        let sending = Task { await replayer.run(server: server) }
        let seconds = try await Self.pull(server.endpoint, count)
        _ = await sending.value
        return seconds
    }
}

extension Duration {
    /// The duration in seconds.
    var secondsValue: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) * 1e-18
    }
}
