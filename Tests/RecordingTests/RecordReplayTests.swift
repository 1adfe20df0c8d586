import BridgeSockets
import ByteSlices
import Foundation
import KaraboBridge
import Recording
import TestSupport
import Testing

/// `trainspotter record` and `trainspotter replay` against real peers: frames recorded and
/// replayed are byte-identical to those sent.
@Suite(.timeLimit(.minutes(3))) struct RecordReplayTests {
    @Test(arguments: ["1.0", "2.2"])
    func recordsThePythonSimulatorAndReplaysBitExact(_ version: String) async throws {
        let port = TestEnvironment.freePort()
        let sim = try ChildProcess.python("kb_sim.py", ["\(port)", "-z", "PUSH", "-p", version, "-d", "AGIPDModule", "-r",
                                                        "--pulses", "2", "-g", "random"])
        try await sim.waitForOutput("SIM READY")
        let path = try newRecordingPath()
        try await ChildProcess.trainspotter(["record", "tcp://127.0.0.1:\(port)", "-z", "PUSH", "--out", path,
                                             "--ntrains", "4", "--quiet"]).succeed()
        sim.signal(SIGKILL)
        let recorded = try readAll(path)
        #expect(recorded.count == 4)
        let trains = try recorded.map { try BridgeDecoder().decode($0.frames) }
        #expect(trains.map(\.protocolVersion.rawValue) == Array(repeating: version, count: 4))
        #expect(recorded.map(\.trainID) == (0..<4).map { 10_000_000_000 + UInt64($0) })
        #expect(recorded.map(\.trainID) == trains.map(\.trainID))

        // Replayed into our client: the very frames that were recorded.
        let replayPort = TestEnvironment.freePort()
        let replay = try ChildProcess.trainspotter(["replay", path, "--bind", "tcp://127.0.0.1:\(replayPort)", "-z", "PUSH",
                                                    "--fast", "--quiet"])
        let received = try await receive(4, from: "tcp://127.0.0.1:\(replayPort)", pattern: .pull)
        try await replay.succeed()
        #expect(received.map { hashes($0.1.frames) } == recorded.map { hashes($0.frames) })

        // Replayed into the reference Python client (REQ/REP): the same trains it would have seen.
        let repPort = TestEnvironment.freePort()
        let replay2 = try ChildProcess.trainspotter(["replay", path, "--bind", "tcp://127.0.0.1:\(repPort)", "--fast", "--quiet"])
        let client = try await ChildProcess.python("kb_client_dump.py", ["tcp://127.0.0.1:\(repPort)", "REQ", "4"]).succeed()
        try await replay2.succeed()
        let rendered = try jsonLines(client.stdout)
        #expect(rendered.count == 4)
        for (train, json) in zip(trains, rendered) {
            let diffs = trainDifferences(train, json)
            #expect(diffs.isEmpty, "\(diffs.joined(separator: "\n"))")
        }
    }

    @Test func recordsOurServerBitExactAndReplaysTheSameBytes() async throws {
        let server = try await BridgeServer.start(BridgeServerConfiguration(endpoint: "tcp://127.0.0.1:0", pattern: .push))
        defer { server.close() }
        // 2.2 and 1.0 messages and one that is not a train at all: all are stored as they came.
        var sent: [[ByteSlice]] = (0..<4).map { Samples.frames(Samples.train(20_000 + UInt64($0)), $0 == 2 ? .v1_0 : .v2_2) }
        sent.insert([ByteSlice(utf8: "not"), ByteSlice(utf8: "a train"), ByteSlice(utf8: "odd")], at: 1)
        let path = try newRecordingPath()
        let recorder = try ChildProcess.trainspotter(["record", server.endpoint, "-z", "PUSH", "--out", path,
                                                      "--ntrains", "4", "--quiet"])
        for frames in sent { await server.send(frames: frames) }
        let result = try await recorder.succeed()
        #expect(result.stderr.contains("not a train"))
        let recorded = try readAll(path)
        #expect(recorded.count == 5)
        #expect(recorded.map { hashes($0.frames) } == sent.map(hashes))
        #expect(recorded[1].entry.flags.contains(.undecodable))
        #expect(recorded.map(\.trainID) == [20_000, nil, 20_001, 20_002, 20_003])

        let port = TestEnvironment.freePort()
        let replay = try ChildProcess.trainspotter(["replay", path, "--bind", "tcp://127.0.0.1:\(port)", "-z", "PUSH",
                                                    "--fast", "--quiet"])
        let received = try await receive(5, from: "tcp://127.0.0.1:\(port)", pattern: .pull)
        let output = try await replay.succeed()
        #expect(received.map { hashes($0.1.frames) } == sent.map(hashes))
        #expect(output.stdout.contains("sent 5 trains"))
    }

    /// `trainspotter simulate` with several sources and injected malformed messages: every
    /// message, well-formed or not, is recorded and replayed byte for byte.
    @Test func recordsOurSimulatorIncludingMalformedMessagesBitExact() async throws {
        let port = TestEnvironment.freePort()
        let sim = try ChildProcess.trainspotter(["simulate", "\(port)", "-z", "PUSH", "-d", "AGIPDModule", "-r", "--pulses", "2",
                                                 "--rate", "0", "--sources", "detector,xgm,camera", "--corrupt", "0.3",
                                                 "--seed", "1", "--pool-mb", "50"])
        try await sim.waitForOutput("started on")
        let path = try newRecordingPath()
        try await ChildProcess.trainspotter(["record", "tcp://127.0.0.1:\(port)", "-z", "PUSH", "--out", path,
                                             "--ntrains", "6", "--quiet"]).succeed()
        sim.signal(SIGKILL)
        let recorded = try readAll(path)
        let malformed = recorded.filter { $0.entry.flags.contains(.undecodable) }
        #expect(recorded.count - malformed.count == 6)
        #expect(!malformed.isEmpty, "the simulator's --corrupt 0.3 sent malformed messages")
        for message in recorded where !message.entry.flags.contains(.undecodable) {
            let train = try BridgeDecoder().decode(message.frames)
            #expect(train.sources.count == 4, "detector, XGM (control + output), camera")
        }

        let replayPort = TestEnvironment.freePort()
        let replay = try ChildProcess.trainspotter(["replay", path, "--bind", "tcp://127.0.0.1:\(replayPort)", "-z", "PUSH",
                                                    "--fast", "--quiet"])
        let received = try await receive(recorded.count, from: "tcp://127.0.0.1:\(replayPort)", pattern: .pull)
        try await replay.succeed()
        #expect(received.map { hashes($0.1.frames) } == recorded.map { hashes($0.frames) })
    }

    @Test func progressLinesReportTrainsBytesRateAndDrops() async throws {
        let server = try await BridgeServer.start(BridgeServerConfiguration(endpoint: "tcp://127.0.0.1:0", pattern: .push))
        defer { server.close() }
        let path = try newRecordingPath()
        let recorder = try ChildProcess.trainspotter(["record", server.endpoint, "-z", "PUSH", "--out", path,
                                                      "--ntrains", "6", "--status-interval", "0.2"])
        // Train IDs 1, 2, 5, 6, 7, 10: four IDs missing (3, 4, 8, 9).
        for id: UInt64 in [1, 2, 5, 6, 7, 10] {
            await server.send(Samples.train(id))
            try await Task.sleep(for: .milliseconds(150))
        }
        let result = try await recorder.succeed()
        #expect(result.stderr.contains("recorded "))
        #expect(result.stderr.contains("GB"))
        #expect(result.stderr.contains("MB/s"))
        #expect(result.stdout.contains("recorded 6 trains"))
        #expect(result.stdout.contains("drops 4"))
    }
}
