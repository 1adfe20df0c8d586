import BridgeSockets
import ByteSlices
import Foundation
import KaraboBridge
import TestSupport
import Testing

/// The reference Python `karabo_bridge.Client` reading our server.
@Suite(.timeLimit(.minutes(3))) struct PythonClientTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let server: ServerPattern
        let version: ProtocolVersion
        var testDescription: String { "\(server.rawValue) \(version.rawValue)" }
        var clientSocket: String { ["REP": "REQ", "PUB": "SUB", "PUSH": "PULL"][server.rawValue]! }
    }

    static let cases = ServerPattern.allCases.flatMap { s in ProtocolVersion.allCases.map { Case(server: s, version: $0) } }

    /// Trains with every kind of value: the captured mixed-types trains and a simulator train.
    static func trains() throws -> [Train] {
        let files = ["p22_REP_mixed_types/train_000.msgpack", "p22_REP_mixed_types/train_001.msgpack",
                     "p22_REP_AGIPDModule_raw_p4/train_002.msgpack"]
        return try files.map { try BridgeDecoder().decode(loadFrames(Vectors.directory.appendingPathComponent($0))) }
    }

    @Test(arguments: cases)
    func pythonClientDecodesWhatWeSent(_ c: Case) async throws {
        let server = try await BridgeServer.start(BridgeServerConfiguration(
            endpoint: "tcp://127.0.0.1:0", pattern: c.server, protocolVersion: c.version))
        defer { server.close() }
        let sent = try Self.trains()
        let byID = Dictionary(uniqueKeysWithValues: sent.map { ($0.trainID!, $0) })
        let client = try ChildProcess.python("kb_client_dump.py", [server.endpoint, c.clientSocket, "\(sent.count)"])
        try await client.waitForOutput("CONNECTED")
        // PUB drops what nobody is subscribed to yet: keep publishing until the client has its trains.
        let feeder = Task {
            repeat {
                for t in sent where !Task.isCancelled { await server.send(t) }
                if c.server == .pub { try? await Task.sleep(for: .milliseconds(50)) }
            } while c.server == .pub && !Task.isCancelled
        }
        defer { feeder.cancel() }
        let result = try await client.succeed(timeout: 60)
        let lines = result.stdout.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(lines.count == sent.count)
        var seen: Set<UInt64> = []
        for line in lines {
            let rendered = try JSONValue.parse(String(line))
            let tid = try #require(rendered["metadata"]?.object?.values.first?["timestamp.tid"]?.uint64)
            let ours = try #require(byID[tid])
            seen.insert(tid)
            var expected = ours
            if c.version == .v1_0 {
                // In 1.0 metadata travels inside the data map, where the reference client leaves it.
                for (name, s) in expected.sources { expected.sources[name]!.data["metadata"] = .map(s.metadata.entries) }
            }
            let diffs = trainDifferences(expected, rendered)
            #expect(diffs.isEmpty, "\(diffs.joined(separator: "\n"))")
            if c.version == .v2_2 {
                #expect(rendered["sources"]?.array?.compactMap(\.string) == ours.sources.keys.sorted(), "name order")
            }
        }
        if c.server != .pub { #expect(seen.count == sent.count) }
    }
}
