import BridgeSockets
import ByteSlices
import Foundation
import KaraboBridge
import Recording
import TestSupport
import Testing

/// `trainspotter run --record-input A --record-results B`: the input recorded bit-exact
/// (also what the runner's queue drops), the results as published, both closed cleanly on
/// SIGTERM/SIGINT within 2 s.
@Suite(.timeLimit(.minutes(3))) struct RunRecordingTests {
    static let yaml = """
    views:
      ids:
        operator: pick
        input: train:id
      flux:
        operator: pick
        input: "SA1_XTD2_XGM/XGM/DOOCS[pulseEnergy.photonFlux]"
    """

    /// About 1 MB per train, generated once (generating per train would keep the cooperative pool busy).
    static let big = Samples.train(1, pulses: 4096)

    /// The big train relabelled as train `id`.
    static func bigTrain(_ id: UInt64) -> Train { big.relabelled(id) }

    /// A views file in a fresh directory, and two recording paths beside it.
    static func setUp() throws -> (views: String, input: String, results: String) {
        let dir = try TestEnvironment.temporaryDirectory("run-recording")
        let views = dir.appendingPathComponent("views.yaml")
        try yaml.write(to: views, atomically: true, encoding: .utf8)
        return (views.path, dir.appendingPathComponent("input").path, dir.appendingPathComponent("results").path)
    }

    /// Starts `run` on `source` (PUSH), publishing over PUSH on a free port, recording both streams.
    static func startRun(_ source: BridgeServer, _ paths: (views: String, input: String, results: String),
                         extra: [String] = []) async throws -> (ChildProcess, publish: String) {
        let publish = "tcp://127.0.0.1:\(TestEnvironment.freePort())"
        let run = try ChildProcess.trainspotter([
            "run", "--connect", source.endpoint, "-z", "PUSH", "--views", paths.views, "--no-watch",
            "--publish", publish, "--publish-socket", "PUSH", "--status-interval", "0.2",
            "--record-input", paths.input, "--record-results", paths.results, "--record-queue-depth", "64",
        ] + extra)
        try await run.waitForOutput("running on", timeout: 60)
        return (run, publish)
    }

    /// Sends `signal` and waits for the exit; returns the result and the seconds it took.
    static func stop(_ run: ChildProcess, _ signal: Int32) async throws -> (ProcessResult, Double) {
        let start = ContinuousClock.now
        run.signal(signal)
        let result = try await run.wait(timeout: 30)
        let elapsed = start.duration(to: .now)
        return (result, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// The `view/ids` value of a decoded result message (nil for index messages).
    static func resultID(_ train: Train) -> UInt64? {
        guard let value = train.sources["view/ids"]?.data["value"] else { return nil }
        switch value {
        case let .uint(v): return v
        case let .int(v): return UInt64(exactly: v)
        case let .double(v): return UInt64(exactly: v)
        default: return nil
        }
    }

    @Test func recordsInputBitExactAndResultsAsPublished() async throws {
        let paths = try Self.setUp()
        let source = try await BridgeServer.start(BridgeServerConfiguration(endpoint: "tcp://127.0.0.1:0", pattern: .push))
        defer { source.close() }
        let (run, publish) = try await Self.startRun(source, paths)
        defer { run.signal(SIGKILL) }
        // Our client reads what run publishes, to compare with the results recording.
        let published = try BridgeClient(BridgeClientConfiguration(endpoint: publish, pattern: .pull, timeout: 3,
                                                                  queueDepth: 64, noDrop: true))
        defer { published.close() }
        let count: UInt64 = 12
        for id in 1...count { await source.send(Samples.train(id)) }
        try await run.waitForOutput("input recorded \(count) (", timeout: 60)
        let (result, seconds) = try await Self.stop(run, SIGTERM)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(seconds < 2, "run took \(seconds) s to stop")
        #expect(result.stdout.contains("(stopped by SIGTERM)"))
        #expect(result.stdout.contains("recording input into \(paths.input) (raw)"))

        // Input: every train, bit-exact, with its train ID.
        let input = try readAll(paths.input)
        #expect(input.compactMap(\.trainID) == Array(1...count))
        for message in input {
            #expect(hashes(message.frames) == hashes(Samples.frames(Samples.train(message.trainID ?? 0))))
        }
        let inputReader = try RecordingReader(path: paths.input)
        #expect(inputReader.segments.allSatisfy { $0.ignoredBytes == 0 && !$0.scanned })

        // Results: the index first, then one message per processed train, as published.
        let results = try readAll(paths.results)
        let decoded = try results.map { try BridgeDecoder().decode($0.frames) }
        #expect(decoded.first?.sources.keys.contains("trainspotter/index") == true)
        let ids = decoded.compactMap(Self.resultID)
        #expect(!ids.isEmpty && ids == ids.sorted() && Set(ids).isSubset(of: Set(1...count)))
        for (message, train) in zip(results, decoded) where Self.resultID(train) != nil {
            #expect(message.trainID == Self.resultID(train))
            #expect(train.sources["view/flux"]?.data["value"]?.double == Double(message.trainID! % 97) * 0.5)
        }
        // The publisher skips a message when its output is busy: what arrived must be in the
        // recording, in order; read until everything arrived or nothing came for 3 s.
        var received: [RawMessage] = []
        reading: while received.count < results.count, let event = await published.next() {
            switch event {
            case let .train(_, raw), let .decodeError(_, raw): received.append(raw)
            case .timeout, .socketError: break reading
            }
        }
        #expect(!received.isEmpty)
        var next = 0
        for raw in received {
            let match = results[next...].firstIndex { hashes($0.frames) == hashes(raw.frames) }
            #expect(match != nil, "a published message is in the results recording, bit-exact and in order")
            next = (match ?? next) + 1
        }

        // The results replayed to the reference Python client.
        let port = TestEnvironment.freePort()
        let replay = try ChildProcess.trainspotter(["replay", paths.results, "-z", "PUSH", "--fast", "--quiet",
                                                    "--bind", "tcp://127.0.0.1:\(port)"])
        defer { replay.signal(SIGKILL) }
        let python = try ChildProcess.python("views_results.py", ["tcp://127.0.0.1:\(port)", "PULL", "\(ids.count)"])
        let lines = try jsonLines(try await python.succeed(timeout: 60).stdout).filter { $0["views"] != nil }
        #expect(lines.compactMap { $0["train_id"]?.uint64 } == ids)
        for line in lines {
            #expect(line["views"]?["ids"]?["value"]?.uint64 == line["train_id"]?.uint64)
        }
        try await replay.succeed(timeout: 60)
    }

    /// About 1 MB per train, streamed until the signal: run stops within 2 s, both
    /// recordings closed with complete indexes and every record intact.
    @Test(arguments: [SIGTERM, SIGINT])
    func aStopSignalFlushesBothRecordings(_ signal: Int32) async throws {
        let paths = try Self.setUp()
        let source = try await BridgeServer.start(BridgeServerConfiguration(endpoint: "tcp://127.0.0.1:0", pattern: .push))
        defer { source.close() }
        let feeder = Task {
            var id: UInt64 = 1
            while !Task.isCancelled {
                await source.send(Self.bigTrain(id))
                id += 1
            }
        }
        defer { feeder.cancel() }
        let (run, _) = try await Self.startRun(source, paths)
        defer { run.signal(SIGKILL) }
        try await run.waitForOutput("input recorded 5", timeout: 60)
        let (result, seconds) = try await Self.stop(run, signal)
        feeder.cancel()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(seconds < 2, "run took \(seconds) s to stop")
        #expect(result.stdout.contains("done: "))
        for path in [paths.input, paths.results] {
            let reader = try RecordingReader(path: path)
            #expect(reader.count >= 5)
            #expect(reader.segments.allSatisfy { $0.ignoredBytes == 0 && !$0.scanned }, "\(path) closed with a complete index")
            #expect(reader.verifyAll().isEmpty)
        }
        let ids = try RecordingReader(path: paths.input).entries.compactMap(\.trainID)
        #expect(ids.first == 1 && zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func recordsHDF5ThatExtraDataReads() async throws {
        let paths = try Self.setUp()
        let source = try await BridgeServer.start(BridgeServerConfiguration(endpoint: "tcp://127.0.0.1:0", pattern: .push))
        defer { source.close() }
        let (run, _) = try await Self.startRun(source, paths, extra: ["--record-format", "hdf5"])
        defer { run.signal(SIGKILL) }
        let count: UInt64 = 6
        for id in 1...count { await source.send(Samples.train(id)) }
        try await run.waitForOutput("input recorded \(count) (", timeout: 60)
        let (result, _) = try await Self.stop(run, SIGINT)
        #expect(result.status == 0, "\(result.stderr)")
        let control = "SA1_XTD2_XGM/XGM/DOOCS"
        let input = try jsonLines(try await ChildProcess.python("rec_ed_dump.py", [paths.input, control, "pulseEnergy.*"]).succeed().stdout)
        #expect(input.compactMap { $0["metadata"]?[control]?["timestamp.tid"]?.uint64 } == Array(1...count))
        for line in input {
            let id = try #require(line["metadata"]?[control]?["timestamp.tid"]?.uint64)
            #expect(line["data"]?[control]?["pulseEnergy.photonFlux.value"]?.double == Double(id % 97) * 0.5)
        }
        let results = try jsonLines(try await ChildProcess.python("rec_ed_dump.py", [paths.results]).succeed().stdout)
        #expect(!results.isEmpty)
        for line in results {
            let id = try #require(line["metadata"]?["view/ids"]?["timestamp.tid"]?.uint64)
            #expect(line["data"]?["view/ids"]?["value.value"]?.double == Double(id))
        }
    }
}
