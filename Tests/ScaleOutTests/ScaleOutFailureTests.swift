import Foundation
import TestSupport
import Testing

/// A worker rank that dies or hangs never hangs rank 0 (docs/scale-out.md, "Failures"):
/// - killed: Open MPI's launcher ends the whole job; rank 0 is told (SIGTERM), flushes and prints
///   its final line, and `mpirun` exits non-zero naming the dead rank, within 5 s;
/// - hung (stopped): rank 0 reports it lost after `--mpi-worker-timeout` and goes on publishing
///   with the other worker.
@Suite(.serialized, .timeLimit(.minutes(4)), .enabled(if: MPILauncher.available, "mpirun not found on PATH: the MPI tests need openmpi-bin"))
struct ScaleOutFailureTests {
    static let yaml = """
    views:
      ids:
        operator: pick
        input: train:id
      level:
        operator: statistics
        input: "SPB_XTD9_IMGPII45/CAM/BEAMVIEW:daqOutput[data.image.pixels]"
    """

    /// Starts `mpirun -n 3 … run` on a REP simulator; returns the run, the simulator, the publish
    /// port and the worker PIDs by rank.
    static func start(_ dir: URL, extra: [String] = []) async throws -> (ChildProcess, ChildProcess, Int, [Int: Int32]) {
        let file = dir.appendingPathComponent("views.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let port = TestEnvironment.freePort(), publish = TestEnvironment.freePort()
        let simulator = try ChildProcess.trainspotter(["simulate", "\(port)", "-z", "REP", "--sources", "camera", "--rate", "10"])
        let run = try MPILauncher.trainspotter(ranks: 3, [
            "run", "--connect", "tcp://127.0.0.1:\(port)", "-z", "REP", "--views", file.path, "--no-watch",
            "--publish", "tcp://127.0.0.1:\(publish)", "--status-interval", "0.5", "--mpi-worker-timeout", "2",
        ] + extra)
        try await run.waitForOutput("trains in", timeout: 90)
        var pids: [Int: Int32] = [:]
        for line in run.stdout.split(separator: "\n") where line.hasPrefix("rank ") && line.contains("worker on") {
            let rank = Int(line.dropFirst(5).prefix { $0.isNumber })
            let pid = line.range(of: "pid ").map { Int32(line[$0.upperBound...].prefix { $0.isNumber }) } ?? nil
            if let rank, let pid { pids[rank] = pid }
        }
        return (run, simulator, publish, pids)
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    @Test func killedWorkerEndsTheJobWithinFiveSeconds() async throws {
        let dir = try TestEnvironment.temporaryDirectory("scale-out-kill")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (run, simulator, _, pids) = try await Self.start(dir)
        defer { run.signal(SIGKILL); simulator.signal(SIGKILL) }
        let victim = try #require(pids[2], "worker PIDs in \(run.stdout)")
        let start = ContinuousClock.now
        kill(victim, SIGKILL)
        let result = try await run.wait(timeout: 30)
        let elapsed = Self.seconds(since: start)
        #expect(elapsed < 5, "mpirun took \(elapsed) s")
        #expect(result.status != 0)
        #expect(result.stdout.contains("done:"), "rank 0 flushed and reported: \(result.stdout)")
        #expect(result.stdout.contains("stopped by SIGTERM"))
        #expect((result.stdout + result.stderr).contains("rank 2"), "\(result.stderr)")
    }

    @Test func hungWorkerIsReportedLostAndTheRunGoesOn() async throws {
        let dir = try TestEnvironment.temporaryDirectory("scale-out-hang")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (run, simulator, publish, pids) = try await Self.start(dir)
        defer { run.signal(SIGKILL); simulator.signal(SIGKILL) }
        let victim = try #require(pids[1], "worker PIDs in \(run.stdout)")
        let start = ContinuousClock.now
        kill(victim, SIGSTOP)
        defer { kill(victim, SIGCONT) }
        try await run.waitForOutput("worker rank 1 lost", timeout: 10)
        #expect(Self.seconds(since: start) < 5)
        // Results go on, from the other worker, in order.
        let client = try ChildProcess.python("views_results.py", ["tcp://127.0.0.1:\(publish)", "SUB", "4"])
        let lines = try await client.succeed(timeout: 60).stdout.split(separator: "\n").filter { $0.hasPrefix("{\"train_id") }
        let ids = try lines.compactMap { try JSONValue.parse(String($0))["train_id"]?.uint64 }
        #expect(ids.count == 4 && ids == ids.sorted())
        #expect(run.isRunning)
        let stopAt = ContinuousClock.now
        run.signal(SIGTERM)
        let result = try await run.wait(timeout: 30)
        #expect(Self.seconds(since: stopAt) < 5)
        #expect(result.stdout.contains("done:"))
        #expect(result.stdout.contains("1: lost"), "\(result.stdout)")
    }
}
