import Foundation
import Simulator
import TestSupport
import Testing
import Views

/// `trainspotter simulate --scan … --laser train --dropped-shots 0.2` → `trainspotter run` with
/// `views/scan.yaml` → the reference Python client (Tests/Peers/select_results.py) reads the cubes:
/// the camera spot column per motor step follows the documented law (docs/simulator.md §4.6, §4.8)
/// within 1 px, pumped / unpumped normalised spot intensity is the documented 0.7 within 1 %, and
/// dropped shots (XGM 0: their normalised value would be 0/0) are excluded by `when:`.
@Suite(.timeLimit(.minutes(4)))
struct ScanEndToEndTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func scanLaserAndDroppedShotsThroughRun() async throws {
        let simPort = TestEnvironment.freePort(), publishPort = TestEnvironment.freePort()
        let scan = try ScanSpec(parsing: "-2:2:5:4")
        let sim = try ChildProcess.trainspotter(["simulate", "\(simPort)", "-z", "PUB", "--sources", "camera,xgm,motor,laser",
                                                 "--scan=-2:2:5:4", "--laser", "train", "--dropped-shots", "0.2", "--rate", "20"])
        defer { sim.signal() }
        try await sim.waitForOutput("started on", timeout: 120)
        let run = try ChildProcess.trainspotter([
            "run", "--connect", "tcp://127.0.0.1:\(simPort)", "-z", "PUB", "--timeout", "60",
            "--views", Self.repo.appendingPathComponent("views/scan.yaml").path,
            "--publish", "tcp://127.0.0.1:\(publishPort)", "--status-interval", "1",
        ])
        defer { run.signal() }
        try await run.waitForOutput("trains in", timeout: 120)

        var sawDropped = false, sawXray = false
        var final: [String: JSONValue]?
        for _ in 0..<40 {
            let out = try await ChildProcess.python("select_results.py", ["tcp://127.0.0.1:\(publishPort)", "5"]).succeed(timeout: 60).stdout
            for line in try out.split(separator: "\n").filter({ $0.hasPrefix("{") }).map({ try JSONValue.parse(String($0)) }) {
                guard let views = line["views"]?.members else { continue }
                if let x = views["xray_on"]?["value"]?.double { if x == 0 { sawDropped = true } else { sawXray = true } }
                let counts = views["pump_by_motor"]?["count"]?.array?.flatMap { $0.array ?? [] }.compactMap { $0.double } ?? []
                if counts.count == 2 * scan.steps, counts.allSatisfy({ $0 >= 2 }) { final = views }
            }
            if final != nil && sawDropped && sawXray { break }
        }
        #expect(sawDropped && sawXray, "dropped and kept shots both seen")
        let views = try #require(final, "the cubes never covered every step and laser state")

        // Spot column per motor step: the centroid of the background-subtracted mean profile.
        let profile = try #require(views["profile_by_motor"])
        let steps = try #require(profile["y"]?.array?.compactMap { $0.double })
        #expect(steps.count == scan.steps)
        for (k, x) in steps.enumerated() { #expect(abs(x - scan.position(step: k)) < 1e-9) }
        let rows = try #require(profile["data"]?.array?.map { ($0.array ?? []).compactMap { $0.double } })
        for (k, row) in rows.enumerated() {
            let expected = Simulation.spotCentre(motorPosition: steps[k]).column
            let peak = row.indices.max { row[$0] < row[$1] } ?? 0
            var weight = 0.0, moment = 0.0
            for c in max(0, peak - 40)..<min(row.count, peak + 41) {
                let w = row[c] - 100
                weight += w
                moment += w * Double(c)
            }
            let centroid = moment / weight
            #expect(abs(centroid - expected) < 1, "step \(k) (x = \(steps[k]) mm): spot at column \(centroid), law \(expected)")
        }

        // Pumped / unpumped per step.
        let pump = try #require(views["pump_by_motor"]?["data"]?.array?.map { ($0.array ?? []).compactMap { $0.double } })
        #expect(pump.count == 2 && pump.allSatisfy { $0.count == scan.steps })
        for k in 0..<scan.steps {
            let off = pump[0][k], on = pump[1][k]
            #expect(off.isFinite && on.isFinite, "step \(k): dropped shots leaked into the cube (\(off), \(on))")
            let ratio = on / off
            #expect(abs(ratio / Simulation.scanPumpedSpotFactor - 1) < 0.01, "step \(k): pumped/unpumped \(ratio)")
        }
    }
}
