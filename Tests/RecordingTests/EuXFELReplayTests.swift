import BridgeSockets
import ByteSlices
import Foundation
import KaraboBridge
import Recording
import TestSupport
import Testing

/// Replaying HDF5 files made by others (EXtra-data's own mock-data writers): our client and
/// the Python client get what `karabo-bridge-serve-files` would send them.
@Suite(.timeLimit(.minutes(3))) struct EuXFELReplayTests {
    /// A mock run directory (two DA01 sequence files and a gzip-compressed corrected AGIPD module).
    static func mockRun() async throws -> String {
        let path = try TestEnvironment.temporaryDirectory("mock").appendingPathComponent("r0001").path
        try await ChildProcess.python("rec_make_mock.py", [path]).succeed(timeout: 90)
        return path
    }

    /// What serve-files' code path delivers to a Python client, one rendering per train.
    static func reference(_ path: String, _ arguments: [String] = []) async throws -> [JSONValue] {
        try jsonLines(try await ChildProcess.python("rec_ed_dump.py", [path] + arguments).succeed(timeout: 90).stdout)
    }

    @Test func runDirectoryReplaysAsServeFilesWouldSendIt() async throws {
        let run = try await Self.mockRun()
        let expected = try await Self.reference(run)
        #expect(expected.count == 10)

        // Into our client.
        let port = TestEnvironment.freePort()
        let replay = try ChildProcess.trainspotter(["replay", run, "--bind", "tcp://127.0.0.1:\(port)", "-z", "PUSH",
                                                    "--fast", "--quiet"])
        let received = try await receive(10, from: "tcp://127.0.0.1:\(port)", pattern: .pull)
        try await replay.succeed()
        #expect(received.compactMap(\.0?.trainID) == (10_000..<10_010).map { UInt64($0) })
        for ((train, _), reference) in zip(received, expected) {
            let diffs = trainDifferences(try #require(train), reference)
            #expect(diffs.isEmpty, "\(diffs.prefix(10).joined(separator: "\n"))")
        }

        // Into the Python client: the very same rendering, train by train.
        let port2 = TestEnvironment.freePort()
        let replay2 = try ChildProcess.trainspotter(["replay", run, "--bind", "tcp://127.0.0.1:\(port2)", "--fast", "--quiet"])
        let client = try await ChildProcess.python("kb_client_dump.py", ["tcp://127.0.0.1:\(port2)", "REQ", "10"]).succeed()
        try await replay2.succeed()
        #expect(try jsonLines(client.stdout) == expected)
    }

    @Test func sourceAndKeySelectionMatchServeFiles() async throws {
        let run = try await Self.mockRun()
        let expected = try await Self.reference(run, ["*XGM*", "*Pos*"])
        let replayer = try await Replayer.open(path: run, options: ReplayOptions(
            pace: .fast, sourceGlob: Glob("*XGM*"), keyGlob: Glob("*Pos*")))
        #expect(replayer.kind == .hdf5)
        let server = try await BridgeServer.start(BridgeServerConfiguration(endpoint: "tcp://127.0.0.1:0", pattern: .push))
        defer { server.close() }
        let sending = Task { await replayer.run(server: server) }
        let received = try await receive(expected.count, from: server.endpoint, pattern: .pull)
        #expect(await sending.value.sent == expected.count)
        for ((train, _), reference) in zip(received, expected) {
            let train = try #require(train)
            #expect(Array(train.sources.keys) == ["SA1_XTD2_XGM/DOOCS/MAIN"], "the :output source has no key matching *Pos*")
            let diffs = trainDifferences(train, reference)
            #expect(diffs.isEmpty, "\(diffs.prefix(10).joined(separator: "\n"))")
        }
    }

    @Test func aSingleFileWithDummyTimestampsAndATrainRange() async throws {
        let run = try await Self.mockRun()
        let file = run + "/RAW-R0001-DA01-S00000.h5"
        let replayer = try await Replayer.open(path: file, options: ReplayOptions(
            pace: .fast, firstTrain: 10_002, lastTrain: 10_004, dummyTimestamps: true))
        #expect(replayer.count == 3)
        let server = try await BridgeServer.start(BridgeServerConfiguration(endpoint: "tcp://127.0.0.1:0", pattern: .push))
        defer { server.close() }
        let sending = Task { await replayer.run(server: server) }
        let received = try await receive(3, from: server.endpoint, pattern: .pull)
        _ = await sending.value
        #expect(received.compactMap(\.0?.trainID) == [10_002, 10_003, 10_004])
        let now = Date().timeIntervalSince1970
        for (train, _) in received {
            for source in try #require(train).sources.values {
                #expect(abs((source.metadata.timestamp ?? 0) - now) < 60)
                #expect(source.metadata.entries["timestamp.sec"]?.string != nil)
                #expect(source.metadata.entries["timestamp.frac"]?.string?.count == 18)
            }
        }
    }

    /// Our own HDF5 files come back with the keys and values that were recorded.
    @Test func ourHDF5FilesReplayTheRecordedKeys() async throws {
        let path = try newRecordingPath("h5")
        let trains = (0..<3).map { Samples.train(300 + UInt64($0)) }
        _ = try await HDF5RecordingTests.record(trains, to: path)
        let port = TestEnvironment.freePort()
        let replay = try ChildProcess.trainspotter(["replay", path, "--bind", "tcp://127.0.0.1:\(port)", "-z", "PUSH",
                                                    "--fast", "--quiet"])
        let received = try await receive(3, from: "tcp://127.0.0.1:\(port)", pattern: .pull)
        try await replay.succeed()
        for (original, (back, _)) in zip(trains, received) {
            let back = try #require(back)
            #expect(back.trainID == original.trainID)
            #expect(Set(back.sources.keys) == Set(original.sources.keys))
            for (name, source) in original.sources {
                let got = try #require(back[name])
                #expect(Array(got.data.keys).sorted() == Array(source.data.keys).sorted())
                for (key, value) in source.data {
                    // Integers come back as int64 whatever their msgpack encoding was; compare as numbers.
                    // Lists of numbers come back as arrays.
                    if case let .list(items) = value {
                        #expect(got[key]?.array?.doubles() == items.map { $0.double ?? .nan }, "\(name) \(key)")
                    } else if let number = value.double, value.array == nil {
                        #expect(got[key]?.double == number, "\(name) \(key)")
                    } else {
                        #expect(got[key] == value, "\(name) \(key)")
                    }
                }
                #expect(abs((got.metadata.timestamp ?? 0) - (source.metadata.timestamp ?? 1)) < 1e-6)
            }
        }
    }
}
