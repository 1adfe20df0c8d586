import BridgeSockets
import Foundation
import KaraboBridge
import Simulator
import TestSupport
import Testing

/// A server that restarts mid-stream (`--restart-every`): REQ, SUB and PULL clients all
/// resume within 2 s. Measured as the gap between the arrival of the last train before a
/// restart and the first train after it, at 10 Hz (0.1 s between trains otherwise).
@Suite(.timeLimit(.minutes(2))) struct RestartRecoveryTests {
    static let first = SimulatorConfiguration.firstTrainID

    /// The request pending when the server went away is lost; the REQ client sees the
    /// disconnect and asks again at once, so the default timeout (10 s) does not matter.
    static let requestTimeout = 10.0

    @Test(arguments: [ServerPattern.rep, .pub, .push])
    func clientsResumeWithinTwoSeconds(_ pattern: ServerPattern) async throws {
        let sim = try await startSimulator {
            $0.detector = .agipdModule; $0.raw = true; $0.sources = [.detector, .xgm, .motor]
            $0.pattern = pattern; $0.rate = 10; $0.ntrains = 40; $0.faults.restartEvery = 6
        }
        defer { sim.stop() }
        let clientPattern: ClientPattern = switch pattern { case .rep: .req; case .pub: .sub; case .push: .pull }
        let client = try BridgeClient(BridgeClientConfiguration(
            endpoint: sim.endpoint, pattern: clientPattern, timeout: pattern == .rep ? Self.requestTimeout : 10, queueDepth: 4))
        let arrivals = await drain(client, until: sim, quiet: 2.5).compactMap { event -> (UInt64, Double)? in
            guard case let .train(train, raw) = event, let id = train.trainID else { return nil }
            return (id, raw.receivedAt)
        }
        let restarts = sim.faults.filter { $0.kind == .restart }.map(\.trainID)
        #expect(restarts == [5, 11, 17, 23, 29, 35].map { Self.first + $0 })
        // Restarts followed by at least 2 s of trains (20 at 10 Hz): a PUB server's trains sent
        // before the subscriber is back are gone, so later ones may have nothing after them.
        for restart in restarts where restart + 20 <= Self.first + 39 {
            let before = try #require(arrivals.last { $0.0 <= restart }, "a train before the restart after \(restart)")
            let after = try #require(arrivals.first { $0.0 > restart }, "a train after the restart after \(restart): \(arrivals.map(\.0))")
            let gap = after.1 - before.1
            if ProcessInfo.processInfo.environment["TRAINSPOTTER_FIGURES"] != nil { print("figure: restart \(pattern) gap \(gap) s") }
            #expect(gap < 2, "\(pattern): \(gap) s between train \(before.0) and train \(after.0) across the restart")
        }
        if pattern != .pub {
            #expect(arrivals.count >= 34, "\(pattern) loses at most the train in flight per restart: \(arrivals.map(\.0))")
        }
    }
}
