import BridgeSockets
import Foundation
import KaraboBridge
import Pipeline
import Recording
import Synchronization
import TestSupport
import Testing
import Views
import ViewsTestSupport

/// A whole run in-process over real sockets: bridge input → graph → publisher + results
/// recording, stopped by its limit or by ``RunSession/stop()``.
@Suite(.timeLimit(.minutes(2))) struct RunSessionTests {
    static let yaml = """
    views:
      ids:
        operator: pick
        input: train:id
      frame:
        operator: pick
        input: SRC/B[image]
    """

    static func configuration(input: String, results: String?, limit: Int?) throws -> RunSession.Configuration {
        RunSession.Configuration(
            input: BridgeClientConfiguration(endpoint: input, pattern: .pull, timeout: 5, queueDepth: 4, noDrop: true),
            definitions: try ViewsFile.parse(yaml), library: TestOperators.library,
            publish: BridgeServerConfiguration(endpoint: "tcp://127.0.0.1:0", pattern: .push, queueDepth: 64),
            recordResults: results.map { RecordingRequest(directory: $0, format: .raw, queueDepth: 16) },
            statusInterval: .milliseconds(100), limit: limit)
    }

    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        var log: RunSession.Log {
            RunSession.Log(info: { line in self.lines.withLock { $0.append(line) } },
                           error: { line in self.lines.withLock { $0.append("error: " + line) } })
        }
        var all: [String] { lines.withLock { $0 } }
    }

    @Test func recordsTheResultsExactlyAsPublished() async throws {
        let dir = try TestEnvironment.temporaryDirectory("run-session")
        let results = dir.appendingPathComponent("results").path
        let input = try await BridgeServer.start(BridgeServerConfiguration(endpoint: "tcp://127.0.0.1:0", pattern: .push))
        defer { input.close() }
        let lines = Lines()
        let session = try await RunSession.start(try Self.configuration(input: input.endpoint, results: results, limit: 5),
                                                 log: lines.log)
        let reader = try BridgeClient(BridgeClientConfiguration(endpoint: session.publisher.endpoint, pattern: .pull,
                                                                timeout: 5, queueDepth: 64, noDrop: true))
        defer { reader.close() }
        let running = Task { await session.run() }
        for id in UInt64(500)..<505 { await input.send(TestTrains.scalar(id)) }
        let summary = await running.value
        #expect(summary.processed == 5)
        #expect(summary.ok)
        #expect(summary.line.contains("processed 5"))
        #expect(lines.all.contains { $0.hasPrefix("results recording: 6 messages") }, "\(lines.all)")

        var published: [RawMessage] = []
        let deadline = ContinuousClock.now + .seconds(20)
        while published.count < 6, ContinuousClock.now < deadline, let event = await reader.next() {
            if case let .train(_, raw) = event { published.append(raw) }
        }
        let recording = try RecordingReader(path: results)
        #expect(recording.count == 6)
        #expect(published.count == 6)
        for i in 0..<min(recording.count, published.count) {
            let recorded = try recording.message(at: i)
            #expect(recorded.frames.map(\.bytes) == published[i].frames.map(\.bytes), "message \(i) differs from the published one")
        }
        let last = try BridgeDecoder().decode(try recording.message(at: 5).frames)
        #expect(last.sources["view/ids"]?.data["value"]?.double == 504)
    }

    @Test func stopEndsARunWaitingForInputAndClosesTheRecording() async throws {
        let dir = try TestEnvironment.temporaryDirectory("run-session-stop")
        let results = dir.appendingPathComponent("results").path
        let input = try await BridgeServer.start(BridgeServerConfiguration(endpoint: "tcp://127.0.0.1:0", pattern: .push))
        defer { input.close() }
        let lines = Lines()
        let session = try await RunSession.start(try Self.configuration(input: input.endpoint, results: results, limit: nil),
                                                 log: lines.log)
        let running = Task { await session.run() }
        await input.send(TestTrains.scalar(1))
        // Wait for the train to be processed, then ask the run to stop.
        let deadline = ContinuousClock.now + .seconds(20)
        while await session.runner.status().processed < 1, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .milliseconds(300))
        let start = ContinuousClock.now
        session.stop()
        let summary = await running.value
        // The input never ends, so only stop() ends the run; the bound is loose because CI runs
        // every suite at once on two cores (a stop took 9 s there with everything else running).
        #expect(ContinuousClock.now - start < .seconds(20))
        #expect(summary.processed == 1)
        #expect(summary.ok)
        #expect(try RecordingReader(path: results).count == 2)
        #expect(lines.all.contains { $0.hasPrefix("trains in ") }, "status lines are written while it runs")
    }

    @Test func badViewsAreReportedBeforeAnythingStarts() async throws {
        var c = try Self.configuration(input: "tcp://127.0.0.1:1", results: nil, limit: 1)
        c.definitions = try ViewsFile.parse("views:\n  x:\n    operator: no_such_operator\n    input: A[b]\n")
        do {
            _ = try await RunSession.start(c, log: Lines().log)
            Issue.record("a graph with an unknown operator started")
        } catch {
            guard case .views = error else { Issue.record("wrong error: \(error)"); return }
            #expect("\(error)".contains("no_such_operator"))
        }
    }
}
