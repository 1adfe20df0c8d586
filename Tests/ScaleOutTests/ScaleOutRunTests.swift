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
        // PUB does not wait for slow subscribers: a slower rate, and as many trains as it takes.
        let pacing = pattern == "PUB" ? ["--rate", "4"] : ["--rate", "20", "--ntrains", "\(trains + 30)"]
        let simulator = try ChildProcess.trainspotter(["simulate", "\(port)", "-z", pattern, "--sources", "camera,xgm", "--seed", "3"] + pacing)
        defer { simulator.signal(SIGKILL) }
        let result = try await run.wait(timeout: 120)
        #expect(result.status == 0, "\(run.commandLine)\n\(result.stdout)\n\(result.stderr)")
        return try read(results, output: result.stdout)
    }

    /// The result messages of a results recording.
    static func read(_ results: String, output: String) throws -> Published {
        var published = Published(output: output)
        let reader = try RecordingReader(path: results)
        for i in 0..<reader.count {
            let train = try BridgeDecoder().decode(try reader.message(at: i).frames)
            guard let id = train.sources.values.first(where: { $0.name.hasPrefix("view/") })?.metadata.trainID else { continue }
            published.order.append(id)
            published.byTrain[id] = train
        }
        return published
    }

    /// The reduce-stage views: their values depend on the trains before.
    static let reduceViews: Set<String> = ["view/smoothed", "view/fluxavg"]

    /// Compares two result messages view by view and key by key (the reduce views only when
    /// `history` says both runs reduced the same trains before this one).
    static func compare(_ a: Train, _ b: Train, train: UInt64, history: Bool = true) {
        #expect(Array(a.sources.keys) == Array(b.sources.keys), "train \(train): views")
        for (name, sa) in a.sources where history || !reduceViews.contains(name) {
            guard let sb = b.sources[name] else { continue }
            #expect(Array(sa.data.keys) == Array(sb.data.keys), "train \(train) \(name): keys")
            for (key, va) in sa.data { #expect(va == sb.data[key], "train \(train) \(name)[\(key)]") }
            // Timestamps are the simulator's clock at sending, so they differ between the two runs.
        }
    }

    func check(_ pattern: String, everyTrain: Bool) async throws {
        let single = try await Self.publish(pattern, ranks: nil)
        let scaled = try await Self.publish(pattern, ranks: 3)
        #expect(single.order.count == Self.trains)
        #expect(scaled.order.count == Self.trains)
        #expect(single.order == single.order.sorted())
        #expect(scaled.order == scaled.order.sorted() && Set(scaled.order).count == scaled.order.count, "published in train order, once each")
        let common = Set(single.order).intersection(scaled.order)
        if everyTrain {
            #expect(single.order == scaled.order, "the same trains")
        } else {
            // SUB sockets may miss the first trains after connecting (slow joiner).
            // SUB sockets drop what a slow subscriber cannot take: the single debug-build process
            // keeps fewer trains than two workers.
            #expect(common.count >= Self.trains / 3, "\(common.count) trains in common")
        }
        var fullyCompared = 0
        for id in common.sorted() {
            // A moving average over 4 trains: comparable when both runs reduced the same 3 trains before.
            let i = single.order.firstIndex(of: id)!, j = scaled.order.firstIndex(of: id)!
            let history = i >= 3 && j >= 3 && single.order[(i - 3)..<i] == scaled.order[(j - 3)..<j]
            if history { fullyCompared += 1 }
            Self.compare(single.byTrain[id]!, scaled.byTrain[id]!, train: id, history: history)
        }
        #expect(fullyCompared >= (everyTrain ? Self.trains - 3 : 1), "\(fullyCompared) trains compared with their reduce views")
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
