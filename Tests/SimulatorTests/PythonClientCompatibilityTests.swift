import BridgeSockets
import Foundation
import KaraboBridge
import Simulator
import TestSupport
import Testing

/// The Python `karabo_bridge.Client` reads every source kind from our simulator, in both
/// protocols and all three patterns, and decodes exactly the values the simulation defines.
@Suite(.timeLimit(.minutes(3))) struct PythonClientCompatibilityTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let pattern: ServerPattern
        let version: ProtocolVersion
        var testDescription: String { "\(pattern.rawValue) \(version.rawValue)" }
    }

    static let cases = ServerPattern.allCases.flatMap { p in ProtocolVersion.allCases.map { Case(pattern: p, version: $0) } }

    @Test(arguments: cases)
    func pythonClientReadsEverySource(_ c: Case) async throws {
        let sim = try await startSimulator {
            $0.sources = Set(SourceKind.allCases); $0.pattern = c.pattern; $0.protocolVersion = c.version
            $0.rate = c.pattern == .pub ? 20 : 0
        }
        defer { sim.stop() }
        let sock = ["REP": "REQ", "PUB": "SUB", "PUSH": "PULL"][c.pattern.rawValue]!
        let result = try await ChildProcess.python("kb_client_dump.py", [sim.endpoint, sock, "2"]).succeed(timeout: 90)
        let lines = result.stdout.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(lines.count == 2)
        var ids: [UInt64] = []
        for line in lines {
            let rendered = try JSONValue.parse(String(line))
            let names = Set(rendered["sources"]?.array?.compactMap(\.string) ?? [])
            #expect(names == Set(sim.simulation.sourceKinds.map(\.name)))
            #expect(names.count == 7, "detector, JUNGFRAU, camera, 2 XGM sources, motor, laser")
            let detectorMeta = try #require(rendered["metadata"]?[DetectorKind.agipd.sourceName(raw: false)])
            let tid = try #require(detectorMeta["timestamp.tid"]?.uint64)
            let timestamp = try #require(detectorMeta["timestamp"]?.double)
            ids.append(tid)
            // Rebuild the same train from its ID and time stamp: every value must match what Python decoded.
            var expected = sim.simulation.train(sim.simulation.plan(trainID: tid, timestamp: timestamp))
            if c.version == .v1_0 {
                for (name, s) in expected.sources { expected.sources[name]!.data["metadata"] = .map(s.metadata.entries) }
            }
            let diffs = trainDifferences(expected, rendered)
            #expect(diffs.isEmpty, "\(diffs.prefix(10).joined(separator: "\n"))")
        }
        if c.pattern != .pub { #expect(ids == [10_000_000_000, 10_000_000_001]) }
    }
}
