import BridgeSockets
import Foundation
import KaraboBridge
import TestSupport
import Testing

/// SIGTERM and SIGINT stop every long-running command cleanly within 2 s, with exit status 0,
/// while real traffic flows; recordings are closed and read back.
@Suite(.timeLimit(.minutes(2))) struct ShutdownTests {
    /// The bound, with a margin for a loaded test machine taken out of it: the commands themselves
    /// stop within a few hundred milliseconds.
    static let limit = 2.0

    static func expectClean(_ result: ProcessResult, _ seconds: Double, _ what: String) {
        if ProcessInfo.processInfo.environment["TRAINSPOTTER_FIGURES"] != nil { print("figure: \(what) stopped in \(seconds) s") }
        #expect(result.status == 0, "\(what) exited \(result.status)\nstdout:\n\(result.stdout)\nstderr:\n\(result.stderr)")
        #expect(seconds < limit, "\(what) took \(seconds) s to stop")
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func simulateStops(_ signal: Int32) async throws {
        let (sim, endpoint) = try await CommandPeers.simulator(pattern: "PUSH")
        let client = try CommandPeers.client(endpoint, server: "PUSH")
        defer { client.close() }
        for _ in 0..<3 { _ = try await client.nextTrain() }
        let (result, seconds) = try await CommandPeers.stop(sim, with: signal)
        Self.expectClean(result, seconds, "simulate")
        #expect(result.stdout.contains("Sent "), "the totals are printed: \(result.stdout)")
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func monitorStops(_ signal: Int32) async throws {
        let (sim, endpoint) = try await CommandPeers.simulator(pattern: "PUB")
        defer { sim.signal(SIGKILL) }
        let monitor = try ChildProcess.trainspotter(["monitor", endpoint, "-z", "PUB"])
        try await monitor.waitForOutput("train 1000000")
        let (result, seconds) = try await CommandPeers.stop(monitor, with: signal)
        Self.expectClean(result, seconds, "monitor")
        #expect(result.stdout.contains("received "), "the summary is printed: \(result.stdout)")
    }

    @Test(arguments: ["raw", "hdf5"])
    func recordStopsAndTheRecordingReadsBack(_ format: String) async throws {
        let (sim, endpoint) = try await CommandPeers.simulator(pattern: "PUSH")
        defer { sim.signal(SIGKILL) }
        let directory = try TestEnvironment.temporaryDirectory("shutdown-record")
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("rec").path
        let record = try ChildProcess.trainspotter(["record", endpoint, "-z", "PUSH", "--out", out, "--format", format,
                                                    "--status-interval", "0.2"])
        #expect(try await CommandPeers.eventually { record.stderr.range(of: "recorded [1-9]", options: .regularExpression) != nil },
                "record receives trains: \(record.stderr)")
        let (result, seconds) = try await CommandPeers.stop(record, with: SIGTERM)
        Self.expectClean(result, seconds, "record --format \(format)")
        let recorded = try #require(result.stdout.firstMatch(of: /recorded (\d+) trains/).flatMap { Int($0.1) },
                                    "the final line: \(result.stdout)")
        #expect(recorded >= 1)
        let check = try await ChildProcess.python(format == "raw" ? "rec_read.py" : "rel_h5_trains.py", [out]).succeed()
        let summary = try #require(check.stdout.split(separator: "\n").last)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(summary.utf8)) as? [String: Any])
        let count = format == "raw" ? (json["summary"] as? [String: Any])?["records"] as? Int : json["trains"] as? Int
        #expect(count == recorded, "\(recorded) trains recorded, \(String(describing: count)) read back: \(summary)")
    }

    @Test func replayStops() async throws {
        let directory = try TestEnvironment.temporaryDirectory("shutdown-replay")
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("rec").path
        do {
            let (sim, endpoint) = try await CommandPeers.simulator(pattern: "PUSH", extra: ["--rate", "0"])
            defer { sim.signal(SIGKILL) }
            try await ChildProcess.trainspotter(["record", endpoint, "-z", "PUSH", "--out", out, "--ntrains", "5", "--quiet"]).succeed()
        }
        let port = TestEnvironment.freePort()
        // The default `--linger` (1 s after the last train) is skipped on a signal.
        let replay = try ChildProcess.trainspotter(["replay", out, "--bind", "tcp://127.0.0.1:\(port)", "-z", "PUSH",
                                                    "--rate", "10", "--loop", "--fake-train-ids", "--quiet"])
        let client = try CommandPeers.client("tcp://127.0.0.1:\(port)", server: "PUSH")
        defer { client.close() }
        for _ in 0..<3 { _ = try await client.nextTrain() }
        let reader = Task { while await client.next() != nil {} }
        defer { reader.cancel() }
        let (result, seconds) = try await CommandPeers.stop(replay, with: SIGTERM)
        Self.expectClean(result, seconds, "replay")
        #expect(result.stdout.contains("sent "))
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func runStops(_ signal: Int32) async throws {
        let (sim, endpoint) = try await CommandPeers.simulator(pattern: "PUSH")
        defer { sim.signal(SIGKILL) }
        let directory = try TestEnvironment.temporaryDirectory("shutdown-run")
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try ChildProcess.trainspotter(["run", "--connect", endpoint, "-z", "PUSH",
                                                 "--views", try CommandPeers.viewsFile(in: directory),
                                                 "--publish", "tcp://127.0.0.1:0", "--status-interval", "0.2"])
        #expect(try await CommandPeers.eventually { run.stdout.range(of: "processed [1-9]", options: .regularExpression) != nil },
                "run processes trains: \(run.stdout)")
        let (result, seconds) = try await CommandPeers.stop(run, with: signal)
        Self.expectClean(result, seconds, "run")
    }
}
