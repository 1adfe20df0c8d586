import BridgeSockets
import Foundation
import KaraboBridge
import Recording
import TestSupport
import Testing

/// `trainspotter run` under `mpirun -n 3` (rank 0 coordinates, two workers) against the same run
/// in one process: the same simulator stream (deterministic content per train ID) gives the same
/// published results, view by view and key by key, for PUSH, REP and PUB bridges.
@Suite(.serialized, .timeLimit(.minutes(6)), .enabled(if: MPILauncher.available, "mpirun not found on PATH: the MPI tests need openmpi-bin"))
struct ScaleOutRunTests {
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
      level:
        operator: statistics
        input: view:frame
        params: {statistic: mean}
      profile:
        operator: projection
        input: view:frame
        params: {axis: y}
      flux:
        operator: pick
        input: "SA1_XTD2_XGM/XGM/DOOCS[pulseEnergy.photonFlux]"
      ids:
        operator: pick
        input: train:id
      smoothed:
        operator: moving_average
        input: view:level
        params: {window: 4}
      fluxavg:
        operator: moving_average
        input: "SA1_XTD2_XGM/XGM/DOOCS[pulseEnergy.photonFlux]"
        params: {window: 3}
    """

    static let trains = 24

    /// Results recorded by one run, by train ID, in recording order.
    struct Published {
        var order: [UInt64] = []
        var byTrain: [UInt64: Train] = [:]
        var output = ""
    }

    /// Runs the simulator (pattern `pattern`) into `run` (one process, or `ranks` under mpirun) and
    /// returns the result messages recorded by the run.
    static func publish(_ pattern: String, ranks: Int?) async throws -> Published {
        let dir = try TestEnvironment.temporaryDirectory("scale-out")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("views.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let results = dir.appendingPathComponent("results").path
        let port = TestEnvironment.freePort()
        let arguments = ["run", "--connect", "tcp://127.0.0.1:\(port)", "-z", pattern, "--views", file.path, "--no-watch",
                         "--publish", "tcp://127.0.0.1:\(TestEnvironment.freePort())", "--record-results", results,
                         "--ntrains", "\(trains)", "--no-drop", "--queue-depth", "4", "--status-interval", "1"]
        let run = try ranks.map { try MPILauncher.trainspotter(ranks: $0, arguments) } ?? ChildProcess.trainspotter(arguments)
        defer { run.signal(SIGKILL) }
        try await run.waitForOutput("running on", timeout: 90)
        if let ranks { for r in 1..<ranks { try await run.waitForOutput("rank \(r): worker on", timeout: 60) } }
        try await Task.sleep(for: .milliseconds(500))
        let simulator = try ChildProcess.trainspotter(["simulate", "\(port)", "-z", pattern, "--sources", "camera,xgm", "--seed", "3",
                                                       "--rate", "20", "--ntrains", "\(trains + 30)"])
        defer { simulator.signal(SIGKILL) }
        let result = try await run.wait(timeout: 120)
        #expect(result.status == 0, "\(run.commandLine)\n\(result.stdout)\n\(result.stderr)")
        var published = Published(output: result.stdout)
        let reader = try RecordingReader(path: results)
        for i in 0..<reader.count {
            let train = try BridgeDecoder().decode(try reader.message(at: i).frames)
            guard let id = train.sources.values.first(where: { $0.name.hasPrefix("view/") })?.metadata.trainID else { continue }
            published.order.append(id)
            published.byTrain[id] = train
        }
        return published
    }

    /// Compares two result messages view by view and key by key.
    static func compare(_ a: Train, _ b: Train, train: UInt64) {
        #expect(Array(a.sources.keys) == Array(b.sources.keys), "train \(train): views")
        for (name, sa) in a.sources {
            guard let sb = b.sources[name] else { continue }
            #expect(Array(sa.data.keys) == Array(sb.data.keys), "train \(train) \(name): keys")
            for (key, va) in sa.data { #expect(va == sb.data[key], "train \(train) \(name)[\(key)]") }
            #expect(sa.metadata.timestamp == sb.metadata.timestamp, "train \(train) \(name): timestamp")
        }
    }

    func check(_ pattern: String, everyTrain: Bool) async throws {
        let single = try await Self.publish(pattern, ranks: nil)
        let scaled = try await Self.publish(pattern, ranks: 3)
        #expect(single.order.count == Self.trains)
        #expect(scaled.order.count == Self.trains)
        #expect(scaled.order == scaled.order.sorted() && Set(scaled.order).count == scaled.order.count, "published in train order, once each")
        let common = Set(single.order).intersection(scaled.order)
        if everyTrain {
            #expect(single.order == scaled.order, "the same trains")
        } else {
            // SUB sockets may miss the first trains after connecting (slow joiner).
            #expect(common.count >= Self.trains - 6, "\(common.count) trains in common")
        }
        for id in common.sorted() { Self.compare(single.byTrain[id]!, scaled.byTrain[id]!, train: id) }
        // Both workers did part of the work.
        let done = try #require(scaled.output.split(separator: "\n").last { $0.hasPrefix("done:") })
        for r in 1...2 {
            let share = done.firstRange(of: "\(r): done ").map { done[$0.upperBound...].prefix { $0.isNumber } }
            #expect(Int(share ?? "") ?? 0 > 0, "rank \(r) processed trains: \(done)")
        }
    }

    @Test func pushBridgeSameResults() async throws { try await check("PUSH", everyTrain: true) }
    @Test func repBridgeSameResults() async throws { try await check("REP", everyTrain: true) }
    @Test func pubBridgeSameResults() async throws { try await check("PUB", everyTrain: false) }
}
