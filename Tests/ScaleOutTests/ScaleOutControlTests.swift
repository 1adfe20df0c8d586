import Foundation
import TestSupport
import Testing

/// Under `mpirun -n 3` with a PUB bridge, worker rank 1 takes the even train IDs and rank 2 the
/// odd ones, so the published results show per worker that a `set` and a views-file reload
/// reached it: its train-stage results carry the new version and the new values.
@Suite(.serialized, .timeLimit(.minutes(5)), .enabled(if: MPILauncher.available, "mpirun not found on PATH: the MPI tests need openmpi-bin"))
struct ScaleOutControlTests {
    static let yaml = """
    views:
      frame:
        operator: pick
        input: "SPB_XTD9_IMGPII45/CAM/BEAMVIEW:daqOutput[data.image.pixels]"
        hidden: true
      roi:
        operator: roi
        input: view:frame
        params: {x: 300, y: 200, width: 40, height: 24}
    """

    static func read(_ port: Int, count: Int) async throws -> [JSONValue] {
        let client = try ChildProcess.python("views_results.py", ["tcp://127.0.0.1:\(port)", "SUB", "\(count)"])
        let out = try await client.succeed(timeout: 60).stdout
        return try out.split(separator: "\n").filter { $0.hasPrefix("{\"train_id") }.map { try JSONValue.parse(String($0)) }
    }

    /// True when the last `n` lines satisfy `ok` and come from both workers (both parities).
    static func settled(_ lines: [JSONValue], last n: Int, _ ok: (JSONValue) -> Bool) -> Bool {
        let tail = lines.suffix(n)
        let parities = Set(tail.compactMap { $0["train_id"]?.uint64.map { $0 % 2 } })
        return tail.count == n && tail.allSatisfy(ok) && parities == [0, 1]
    }

    @Test func setAndReloadReachEveryWorker() async throws {
        let dir = try TestEnvironment.temporaryDirectory("scale-out-control")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("views.yaml")
        try Self.yaml.write(to: file, atomically: true, encoding: .utf8)
        let port = TestEnvironment.freePort(), publish = TestEnvironment.freePort(), control = TestEnvironment.freePort()
        let run = try MPILauncher.trainspotter(ranks: 3, [
            "run", "--connect", "tcp://127.0.0.1:\(port)", "-z", "PUB", "--views", file.path,
            "--publish", "tcp://127.0.0.1:\(publish)", "--control", "tcp://127.0.0.1:\(control)", "--status-interval", "0.5",
        ])
        defer { run.signal(SIGKILL) }
        try await run.waitForOutput("running on", timeout: 90)
        let simulator = try ChildProcess.trainspotter(["simulate", "\(port)", "-z", "PUB", "--sources", "camera", "--rate", "10"])
        defer { simulator.signal(SIGKILL) }
        try await run.waitForOutput("trains in", timeout: 60)

        let before = try await Self.read(publish, count: 4)
        #expect(Self.settled(before, last: 4) { $0["views"]?["roi"]?["version"]?.int == 1 })

        let reply = try await ChildProcess.python("views_control.py", [
            "tcp://127.0.0.1:\(control)", #"{"set": {"view": "roi", "params": {"x": 0, "y": 0, "width": 8, "height": 4}}}"#,
            #"{"status": true}"#,
        ]).succeed(timeout: 60).stdout
        let replies = reply.split(separator: "\n")
        #expect(try JSONValue.parse(String(replies.first ?? ""))["version"]?.int == 2)
        // The status reply lists both workers with their counters.
        let ranks = try JSONValue.parse(String(replies.last ?? ""))["ranks"]?.array ?? []
        #expect(ranks.compactMap { $0["rank"]?.int } == [1, 2])
        #expect(ranks.allSatisfy { ($0["trains"]?.int ?? 0) > 0 && $0["phase"]?.string == "running" }, "\(ranks)")
        // Trains in flight when the command arrived may still carry version 1; the later ones all
        // carry version 2 and the 4 × 8 rectangle, from both workers.
        let afterSet = try await Self.read(publish, count: 10)
        #expect(Self.settled(afterSet, last: 4) { line in
            let roi = line["views"]?["roi"]
            return roi?["version"]?.int == 2 && roi?["data"]?.array?.count == 4 && roi?["data"]?.array?.first?.array?.count == 8
        }, "\(afterSet)")

        try (Self.yaml + "\n  ids:\n    operator: pick\n    input: train:id\n").write(to: file, atomically: true, encoding: .utf8)
        try await run.waitForOutput("reloaded \(file.path)", timeout: 30)
        let afterReload = try await Self.read(publish, count: 10)
        #expect(Self.settled(afterReload, last: 4) { line in
            line["views"]?["ids"]?["value"]?.uint64 == line["train_id"]?.uint64 && line["views"]?["roi"]?["version"]?.int == 2
        }, "\(afterReload)")

        run.signal(SIGTERM)
        let result = try await run.wait(timeout: 20)
        #expect(result.stdout.contains("done:"), "\(result.stdout)\n\(result.stderr)")
    }
}
