import BridgeSockets
import ByteSlices
import Foundation
import KaraboBridge
import Recording
import TestSupport
import Testing

/// Replay pacing: 50 trains at 50 Hz arrive within 5 % of 0.98 s, for `--rate` and for
/// `--original-pace` of a recording made at 50 Hz. (The only timed tests here.)
///
/// The replay runs as its own process, and arrival times are taken on our client's socket
/// thread, so a busy test process does not disturb the measurement. The first 10 trains
/// are not measured: they cover the moments in which the client's connection comes up.
@Suite(.timeLimit(.minutes(2)), .serialized) struct PacingTests {
    enum Mode: String, CaseIterable, Sendable { case rate, original }

    @Test(arguments: Mode.allCases)
    func fiftyTrainsWithinFivePercent(_ mode: Mode) async throws {
        let path = try newRecordingPath()
        let writer = try await RecordingWriter.create(directory: path)
        for i in 0..<60 {
            let train = Samples.train(1_000 + UInt64(i))
            // Recorded at 50 Hz; for --rate the recorded timing is deliberately uneven.
            let time = mode == .original ? Double(i) * 0.02 : Double(i * i) * 0.001
            try await writer.append(RawMessage(frames: Samples.frames(train), receivedAt: 1_700_000_000 + time), train: train)
        }
        _ = try await writer.close()
        let port = TestEnvironment.freePort()
        let endpoint = "tcp://127.0.0.1:\(port)"
        let client = try BridgeClient(BridgeClientConfiguration(endpoint: endpoint, pattern: .pull, timeout: 30,
                                                                queueDepth: 64, noDrop: true))
        defer { client.close() }
        let pace = mode == .rate ? ["--rate", "50"] : ["--original-pace"]
        let replay = try ChildProcess.trainspotter(["replay", path, "--bind", endpoint, "-z", "PUSH", "--quiet"] + pace)
        let received = try await receive(60, with: client)
        try await replay.succeed()
        #expect(received.compactMap(\.0?.trainID) == (1_000..<1_060).map { UInt64($0) })
        let span = received[59].1.receivedAt - received[10].1.receivedAt
        #expect(abs(span - 0.98) <= 0.98 * 0.05, "50 trains took \(span) s, expected 0.98 s")
    }
}
