import BridgeSockets
import Foundation
import KaraboBridge
import Simulator
import TestSupport
import Testing

/// A server flooding faster than the consumer processes (simulator at `--rate 0`): the client's
/// queue stays bounded, the newest train wins and every dropped train is counted; with `noDrop`
/// nothing is dropped and the server is slowed down instead.
@Suite(.timeLimit(.minutes(2))) struct FloodTests {
    static let first = SimulatorConfiguration.firstTrainID
    static let depth = 2
    static let consumed = 30

    static func flood() async throws -> Simulator {
        try await startSimulator {
            $0.detector = .agipdModule; $0.raw = true; $0.sources = [.detector, .xgm, .motor]
            $0.pattern = .push; $0.rate = 0
        }
    }

    /// Takes `consumed` trains, pausing after each (the slow consumer).
    static func consumeSlowly(_ client: BridgeClient) async throws -> [UInt64] {
        var ids: [UInt64] = []
        for _ in 0..<consumed {
            ids.append(try #require(try await client.nextTrain().trainID))
            try await Task.sleep(for: .milliseconds(20))
        }
        return ids
    }

    @Test func newestTrainWinsAndDropsAreCounted() async throws {
        let sim = try await Self.flood()
        defer { sim.stop() }
        let client = try BridgeClient(BridgeClientConfiguration(endpoint: sim.endpoint, pattern: .pull, timeout: 10,
                                                                queueDepth: Self.depth, noDrop: false))
        defer { client.close() }
        let ids = try await Self.consumeSlowly(client)
        let s = client.statistics.snapshot
        let skipped = zip(ids, ids.dropFirst()).reduce(0) { $0 + Int($1.1 - $1.0 - 1) }
        #expect(zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 }, "train IDs only go up: \(ids)")
        #expect(s.dropped > 0 && skipped > 0, "a consumer slower than the stream sees newer trains: \(ids)")
        // PUSH loses nothing on the wire, so every train skipped between two taken was received and dropped.
        #expect(skipped <= s.dropped, "skipped \(skipped), counted \(s.dropped)")
        // Bounded: what was received is taken, dropped, queued (≤ depth) or being handed over (1).
        #expect(s.trainsReceived <= ids.count + s.dropped + Self.depth + 1,
                "received \(s.trainsReceived), taken \(ids.count), dropped \(s.dropped)")
    }

    @Test func noDropSlowsTheServerInstead() async throws {
        let sim = try await Self.flood()
        defer { sim.stop() }
        let client = try BridgeClient(BridgeClientConfiguration(endpoint: sim.endpoint, pattern: .pull, timeout: 10,
                                                                queueDepth: Self.depth, noDrop: true))
        defer { client.close() }
        let ids = try await Self.consumeSlowly(client)
        #expect(ids == (0..<UInt64(Self.consumed)).map { Self.first + $0 }, "every train, in order")
        #expect(client.statistics.snapshot.dropped == 0)
        // Unthrottled, the simulator makes thousands of these trains per second; held back by the
        // consumer it is at most the buffers (client queue, socket buffers, server queue) ahead.
        let generated = sim.status.trainsGenerated
        #expect(generated < Self.consumed + 60, "\(generated) trains generated while \(Self.consumed) were taken")
    }
}
