import BridgeSockets
import Foundation
import KaraboBridge
import Simulator
import TestSupport
import Testing

/// Same structure as karabo-bridge-server-sim for the shared options: both read by the Python
/// `karabo_bridge.Client` in one run (Tests/Peers/sim_compare.py) and compared key by key.
@Suite(.timeLimit(.minutes(3))) struct DropInTests {
    struct Case {
        let name: String
        let detector: DetectorKind
        let raw: Bool
        let version: ProtocolVersion
        let pattern: ServerPattern
        var nsources = 1
        var generator: DataGenerator = .random
        var layout: DataLayout = .online
    }

    static let cases = [
        Case(name: "AGIPD corrected 2.2 REP", detector: .agipd, raw: false, version: .v2_2, pattern: .rep),
        Case(name: "AGIPD raw 1.0 PUSH zeros", detector: .agipd, raw: true, version: .v1_0, pattern: .push, generator: .zeros),
        Case(name: "AGIPD corrected file -n 3 zeros", detector: .agipd, raw: false, version: .v2_2, pattern: .rep,
             nsources: 3, generator: .zeros, layout: .file),
        Case(name: "AGIPD raw file PUB", detector: .agipd, raw: true, version: .v2_2, pattern: .pub, layout: .file),
        Case(name: "AGIPDModule raw 2.2 PUSH", detector: .agipdModule, raw: true, version: .v2_2, pattern: .push),
        Case(name: "AGIPDModule raw file 1.0 zeros", detector: .agipdModule, raw: true, version: .v1_0, pattern: .rep,
             generator: .zeros, layout: .file),
        Case(name: "LPD corrected 2.2 zeros", detector: .lpd, raw: false, version: .v2_2, pattern: .rep, generator: .zeros),
        Case(name: "LPD raw 1.0 PUSH", detector: .lpd, raw: true, version: .v1_0, pattern: .push),
    ]

    @Test func structureMatchesPythonSimulator() async throws {
        var simulators: [Simulator] = []
        defer { for s in simulators { s.stop() } }
        var specs: [[String: Any]] = []
        for c in Self.cases {
            let sim = try await startSimulator {
                $0.detector = c.detector; $0.raw = c.raw; $0.protocolVersion = c.version; $0.pattern = c.pattern
                $0.nsources = c.nsources; $0.generator = c.generator; $0.layout = c.layout
                $0.rate = c.pattern == .pub ? 20 : 0
            }
            simulators.append(sim)
            specs.append([
                "name": c.name, "ours": sim.endpoint,
                "sock": ["REP": "REQ", "PUB": "SUB", "PUSH": "PULL"][c.pattern.rawValue]!, "server": c.pattern.rawValue,
                "detector": c.detector.rawValue, "raw": c.raw, "protocol": c.version.rawValue, "nsources": c.nsources,
                "gen": c.generator.rawValue, "data_like": c.layout.rawValue, "pulses": 2,
            ])
        }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: specs), as: UTF8.self)
        let result = try await ChildProcess.python("sim_compare.py", [json]).succeed(timeout: 120)
        let lines = result.stdout.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(lines.count == Self.cases.count, "\(result.stdout)\n\(result.stderr)")
        for (line, c) in zip(lines, Self.cases) {
            let report = try JSONValue.parse(String(line))
            #expect(report["name"]?.string == c.name)
            let diffs = report["differences"]?.array?.compactMap(\.string) ?? ["no report"]
            #expect(diffs.isEmpty, "\(c.name): \(diffs.joined(separator: "\n"))")
            let ours = report["ours"]?["sources"]?.array?.compactMap(\.string) ?? []
            #expect(ours.count == c.nsources, "\(c.name): sources \(ours)")
            if c.pattern != .pub {
                for side in ["ours", "theirs"] {
                    let ids = report[side]?["train_ids"]?.object?.values.compactMap(\.uint64) ?? []
                    #expect(ids == Array(repeating: 10_000_000_000, count: c.nsources), "\(c.name) \(side): first train \(ids)")
                }
            }
        }
    }

    /// The Python simulator ignores --data-like for LPD (a bug); ours honours it.
    @Test func lpdHonoursDataLikeFile() throws {
        var c = SimulatorConfiguration()
        c.detector = .lpd; c.layout = .file; c.pulses = 3; c.generator = .zeros
        let simulation = try Simulation(c)
        let train = simulation.train(simulation.plan(trainID: 10_000_000_000, timestamp: 1))
        #expect(train["FXE_DET_LPD1M-1/CAL/APPEND_CORRECTED"]?.array("image.data")?.shape == [3, 16, 256, 256])
        #expect(train["FXE_DET_LPD1M-1/CAL/APPEND_CORRECTED"]?.array("image.gain")?.shape == [256, 256, 3])
    }
}
