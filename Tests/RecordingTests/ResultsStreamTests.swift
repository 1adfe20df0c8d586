import BridgeSockets
import ByteSlices
import Foundation
import KaraboBridge
import Recording
import TestSupport
import Testing

/// A results stream (sources `view/NAME`, as `trainspotter run` publishes them) recorded with
/// the library API that `run --record-results` will use, then replayed into our client and
/// the Python client.
@Suite(.timeLimit(.minutes(2))) struct ResultsStreamTests {
    static func results(_ id: UInt64) -> Train {
        func view(_ name: String, _ values: [(String, Value)]) -> SourceData {
            var source = SourceData(name: "view/" + name, metadata: Metadata(source: "view/" + name, trainID: id,
                                                                             timestamp: 1_700_000_000 + Double(id) / 10))
            for (key, value) in values { source.data[key] = value }
            return source
        }
        return Train(sources: [
            view("roi_sum", [("value", .double(Double(id) * 1.5))]),
            view("azimuthal", [("q", .array(Samples.array(.float64, [16], seed: id))),
                               ("intensity", .array(Samples.array(.float32, [16], seed: id &+ 9)))]),
            view("hist", [("counts", .array(Samples.array(.int64, [8], seed: id))), ("edges", .list((0...8).map { .double(Double($0)) })),
                          ("label", .string("photons"))]),
        ])
    }

    @Test func recordedResultsReplayIntoOurClientAndThePythonClient() async throws {
        let publisher = try await BridgeServer.start(BridgeServerConfiguration(endpoint: "tcp://127.0.0.1:0", pattern: .push))
        defer { publisher.close() }
        let sent = (0..<4).map { Self.results(700 + UInt64($0)) }
        let sentFrames = sent.map { Samples.frames($0) }
        let feeder = Task { for frames in sentFrames { await publisher.send(frames: frames) } }

        // What `run --record-results` will do: every published message into a recorder.
        let path = try newRecordingPath()
        let recorder: any MessageRecorder = try await RecordingWriter.create(directory: path, options: RawRecordingOptions(
            info: ["stream": "results"]))
        for (train, raw) in try await receive(4, from: publisher.endpoint, pattern: .pull) {
            try await recorder.append(raw, train: train)
        }
        _ = await feeder.value
        let summary = try await recorder.close()
        #expect(summary.statistics.messages == 4)
        #expect(try RecordingReader(path: path).descriptionJSON.contains("\"stream\":\"results\""))

        let port = TestEnvironment.freePort()
        let replay = try ChildProcess.trainspotter(["replay", path, "--bind", "tcp://127.0.0.1:\(port)", "-z", "PUSH",
                                                    "--fast", "--quiet"])
        let received = try await receive(4, from: "tcp://127.0.0.1:\(port)", pattern: .pull)
        try await replay.succeed()
        #expect(received.map { hashes($0.1.frames) } == sentFrames.map(hashes))
        #expect(received.compactMap(\.0?.trainID) == [700, 701, 702, 703])

        let port2 = TestEnvironment.freePort()
        let replay2 = try ChildProcess.trainspotter(["replay", path, "--bind", "tcp://127.0.0.1:\(port2)", "--quiet"])
        let client = try await ChildProcess.python("kb_client_dump.py", ["tcp://127.0.0.1:\(port2)", "REQ", "4"]).succeed()
        try await replay2.succeed()
        let rendered = try jsonLines(client.stdout)
        #expect(rendered.count == 4)
        for (train, json) in zip(sent, rendered) {
            let diffs = trainDifferences(train, json)
            #expect(diffs.isEmpty, "\(diffs.joined(separator: "\n"))")
        }
    }
}
