import BridgeSockets
import Foundation
import KaraboBridge
import TestSupport
import Testing

/// Our client against the reference `karabo-bridge-server-sim` (bound to 127.0.0.1).
@Suite(.timeLimit(.minutes(3))) struct PythonSimulatorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let server: String
        let version: String
        var testDescription: String { "\(server) \(version)" }
    }

    static let cases = ["REP", "PUB", "PUSH"].flatMap { s in ["1.0", "2.2"].map { Case(server: s, version: $0) } }

    @Test(arguments: cases)
    func receivesAGIPDModuleRaw(_ c: Case) async throws {
        let port = TestEnvironment.freePort()
        let sim = try ChildProcess.python("kb_sim.py", ["\(port)", "-z", c.server, "-p", c.version,
                                                        "-d", "AGIPDModule", "-r", "--pulses", "4", "-g", "zeros"])
        try await sim.waitForOutput("SIM READY")
        let client = try BridgeClient(BridgeClientConfiguration(
            endpoint: "tcp://127.0.0.1:\(port)", pattern: ClientPattern(serverSocket: c.server)!, timeout: 60, noDrop: true))
        defer { client.close() }
        var ids: [UInt64] = []
        for _ in 0..<3 {
            let train = try await client.nextTrain()
            #expect(train.protocolVersion.rawValue == c.version)
            let source = try #require(train["SPB_DET_AGIPD1M-1/DET/0CH0:xtdf"])
            let image = try #require(source.array("image.data"))
            #expect(image.dtype == .uint16 && image.shape == [128, 512, 4])
            #expect(source.array("image.pulseId")?.integers() == [0, 1, 2, 3])
            #expect(source.array("image.trainId")?.integers() == Array(repeating: try #require(train.trainID), count: 4))
            #expect(source.metadata.timestamp != nil)
            ids.append(try #require(train.trainID))
        }
        #expect(ids.allSatisfy { $0 >= 10_000_000_000 })
        #expect(ids == ids.sorted() && Set(ids).count == 3)
        if c.server != "PUB" { #expect(ids.first == 10_000_000_000, "REQ and PULL lose nothing") }
        #expect(client.statistics.snapshot.decodeErrors == 0)
    }

    @Test func receivesMultipleCorrectedSources() async throws {
        let port = TestEnvironment.freePort()
        let sim = try ChildProcess.python("kb_sim.py", ["\(port)", "-n", "3", "--pulses", "2", "-g", "zeros"])
        try await sim.waitForOutput("SIM READY")
        let client = try BridgeClient(endpoint: "tcp://127.0.0.1:\(port)", pattern: .req, timeout: 60)
        defer { client.close() }
        let train = try await client.nextTrain()
        let names = (1...3).map { "SPB_DET_AGIPD1M-1/CAL/APPEND_CORRECTED-\($0)" }
        #expect(Array(train.sources.keys) == names)
        for name in names {
            let s = try #require(train[name])
            #expect(s.array("image.data")?.dtype == .float32)
            #expect(s.array("image.data")?.shape == [16, 128, 512, 2])
            #expect(s["modulesPresent"] == .list(Array(repeating: .bool(true), count: 16)))
            #expect(s["image.passport"]?.typeName == "list")
            #expect(try s.pulses(layout: .online).count == 2)
        }
    }
}
