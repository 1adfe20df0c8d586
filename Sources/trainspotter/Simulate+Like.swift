import ArgumentParser
import BridgeSockets
import CommandSupport
import Foundation
import Handoff
import KaraboBridge
import Recording

extension Simulate {
    /// `--like PATH`: serves trains following the recording's first trains (see ``LikeTemplate``)
    /// at the recording's rate; -z, PORT, --host/--bind, --ntrains and --status-every apply.
    func runLike(_ path: String) async throws {
        guard let pattern = ServerPattern(name: serverSocket) else { throw ValidationError("-z must be REP, PUB or PUSH") }
        let recorded: RecordedTrains
        do {
            recorded = try await RecordedTrains.open(path: path)
        } catch {
            throw ValidationError("--like \(path): \(error)")
        }
        var trains: [Train] = []
        while trains.count < LikeTemplate.maxTemplates, let train = await recorded.next() { trains.append(train) }
        recorded.close()
        guard let firstID = trains.first.flatMap({ $0.majorityTrainID ?? $0.trainID }) else {
            throw ValidationError("--like \(path): no trains to follow")
        }
        let rate = recorded.rate ?? 10
        var template = LikeTemplate(trains: trains, rate: rate)
        let endpoint = extra.bind ?? "tcp://\(extra.host == "*" ? "*" : extra.host):\(port)"
        let server = try await BridgeServer.start(BridgeServerConfiguration(
            endpoint: endpoint, pattern: pattern, protocolVersion: trains[0].protocolVersion))
        defer { server.close() }
        printLine("Following \(path): \(trains.count) template trains, \(trains[0].sources.count) sources, "
                  + String(format: "%.2f trains/s", rate))
        printLine("Simulated Karabo-bridge server started on:\n\(server.endpoint)")
        let stopped = StopFlag()
        let signals = RecordSignals { _ in stopped.set() }
        defer { withExtendedLifetime(signals) {} }
        let clock = ContinuousClock()
        let start = clock.now
        let status = StatusThrottle(interval: extra.statusEvery)
        var sent = 0
        while !stopped.isSet, extra.ntrains.map({ sent < $0 }) ?? true {
            let deadline = start + .seconds(Double(sent) / rate)
            if deadline > clock.now { try? await Task.sleep(until: deadline, clock: clock) }
            let train = template.train(sent, trainID: firstID + UInt64(sent), now: Date().timeIntervalSince1970)
            guard await server.send(frames: BridgeEncoder(protocolVersion: train.protocolVersion).encode(train)) else { break }
            sent += 1
            if debug { printLine("Server : emitted train: \(train.trainID ?? 0)") }
            if status.due() && sent > 1 { printLine("sent \(sent) trains following \(path)") }
        }
        while server.queued > 0, !stopped.isSet { try await Task.sleep(for: .milliseconds(10)) }
        if !stopped.isSet { try await Task.sleep(for: .milliseconds(500)) }
        printLine("Sent \(sent) trains following \(path)")
    }
}
