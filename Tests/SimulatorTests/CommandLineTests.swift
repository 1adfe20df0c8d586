import BridgeSockets
import Foundation
import KaraboBridge
import Simulator
import TestSupport
import Testing

/// `trainspotter simulate` as users run it (the built binary).
@Suite(.timeLimit(.minutes(2))) struct CommandLineTests {
    @Test func simulateServesTheCommandLineOptionsAndLogsFaults() async throws {
        let port = TestEnvironment.freePort()
        let sim = try ChildProcess.trainspotter([
            "simulate", "\(port)", "-z", "PUSH", "-d", "AGIPDModule", "-r", "--data-like", "file", "--pulses", "3",
            "--sources", "detector,xgm", "--rate", "0", "--ntrains", "12", "--drop", "0.4", "--seed", "9",
            "--pool-mb", "20", "--debug",
        ])
        try await sim.waitForOutput("Simulated Karabo-bridge server started on:", timeout: 60)
        let client = try BridgeClient(BridgeClientConfiguration(endpoint: "tcp://127.0.0.1:\(port)", pattern: .pull,
                                                                timeout: 30, noDrop: true))
        defer { client.close() }
        try await sim.succeed(timeout: 60)
        // The pipes are read asynchronously: wait (bounded) until every train is accounted for.
        var logged = Set<UInt64>(), emitted = 0
        for _ in 0..<100 {
            logged = Set(sim.stderr.split(separator: "\n").compactMap { line -> UInt64? in
                guard let range = line.range(of: "fault drop train ") else { return nil }
                return UInt64(line[range.upperBound...].prefix { $0.isNumber })
            })
            emitted = sim.stdout.split(separator: "\n").filter { $0.hasPrefix("Server : emitted train: ") }.count
            if emitted + logged.count >= 12 && sim.stdout.contains("Sent ") { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(!logged.isEmpty && emitted == 12 - logged.count, "\(sim.stdout)\n\(sim.stderr)")
        var received: [UInt64] = []
        for _ in 0..<(12 - logged.count) {
            let train = try await client.nextTrain()
            let source = try #require(train["SPB_DET_AGIPD1M-1/DET/0CH0:xtdf"])
            #expect(source.array("image.data")?.shape == [3, 512, 128])
            received.append(try #require(train.trainID))
        }
        let expected = (UInt64(10_000_000_000)..<10_000_000_012).filter { !logged.contains($0) }
        #expect(received == expected)
    }

    @Test(arguments: [(["-p", "2.1"], "2.1"), (["-d", "AGIPDModule"], "single modules"), (["-s", "pickle"], "pickle"),
                      (["--drop", "2"], "between 0 and 1"), (["--late-source", "nothing:2"], "matches none")])
    func invalidOptionsFail(_ options: [String], _ reason: String) async throws {
        let child = try ChildProcess.trainspotter(["simulate", "0", "--ntrains", "1"] + options)
        let result = try await child.wait(timeout: 60)
        #expect(result.status != 0)
        for _ in 0..<50 where !child.stderr.contains(reason) { try await Task.sleep(for: .milliseconds(100)) }
        #expect(child.stderr.contains(reason), "\(options): \(child.stdout) \(child.stderr)")
    }
}
