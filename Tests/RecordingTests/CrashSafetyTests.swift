import BridgeSockets
import ByteSlices
import Foundation
import KaraboBridge
import Recording
import TestSupport
import Testing

/// Killing the recorder: SIGKILL loses at most the message being written; SIGTERM and
/// SIGINT close cleanly.
@Suite(.timeLimit(.minutes(2))) struct CrashSafetyTests {
    /// About 6 MB per train, so a kill often lands in the middle of writing one.
    static let base = Samples.train(1, pulses: 32 * 1024)

    /// The base train relabelled as train `id`.
    static func train(_ id: UInt64) -> Train { base.relabelled(id) }

    /// Streams trains 1, 2, 3, … until cancelled.
    static func stream(_ server: BridgeServer) -> Task<Void, Never> {
        Task {
            var id: UInt64 = 1
            while !Task.isCancelled {
                await server.send(train(id))
                id += 1
            }
        }
    }

    /// Waits until the first segment holds `bytes`.
    static func waitForSize(_ path: String, _ bytes: Int) async throws {
        let segment = path + "/" + RecordFormat.segmentName(0)
        for _ in 0..<600 {
            let size = (try? FileManager.default.attributesOfItem(atPath: segment)[.size] as? Int) ?? 0
            if size >= bytes { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the recording never reached \(bytes) bytes")
    }

    @Test func sigkillLosesAtMostTheMessageBeingWritten() async throws {
        let server = try await BridgeServer.start(BridgeServerConfiguration(endpoint: "tcp://127.0.0.1:0", pattern: .push))
        defer { server.close() }
        let feeder = Self.stream(server)
        defer { feeder.cancel() }
        let path = try newRecordingPath()
        let recorder = try ChildProcess.trainspotter(["record", server.endpoint, "-z", "PUSH", "--out", path, "--quiet"])
        try await Self.waitForSize(path, 40 << 20)
        recorder.signal(SIGKILL)
        let result = try await recorder.wait()
        #expect(result.status != 0)
        feeder.cancel()

        let reader = try RecordingReader(path: path)
        #expect(reader.count >= 5)
        #expect(reader.verifyAll().isEmpty, "every complete record checks out")
        let expected = Self.train(1)
        #expect(reader.segments[0].ignoredBytes < Samples.frames(expected).reduce(0) { $0 + $1.count } + 4096,
                "at most one (torn) message is lost")
        let ids = reader.entries.compactMap(\.trainID)
        #expect(ids == Array(1...UInt64(ids.count)), "nothing missing before the tail")
        for index in [0, reader.count - 1] {
            let message = try reader.message(at: index)
            #expect(hashes(message.frames) == hashes(Samples.frames(Self.train(message.trainID!))))
        }
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func aStopSignalClosesCleanly(_ signal: Int32) async throws {
        let server = try await BridgeServer.start(BridgeServerConfiguration(endpoint: "tcp://127.0.0.1:0", pattern: .push))
        defer { server.close() }
        let feeder = Self.stream(server)
        defer { feeder.cancel() }
        let path = try newRecordingPath()
        let recorder = try ChildProcess.trainspotter(["record", server.endpoint, "-z", "PUSH", "--out", path, "--quiet"])
        // About 6 MB per train: 20 MiB on disk means at least three records are written.
        try await Self.waitForSize(path, 20 << 20)
        recorder.signal(signal)
        let result = try await recorder.wait()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("recorded "))
        let reader = try RecordingReader(path: path)
        #expect(reader.count >= 3)
        #expect(reader.segments.allSatisfy { $0.ignoredBytes == 0 && !$0.scanned }, "closed with a complete index")
        #expect(reader.verifyAll().isEmpty)
    }
}
