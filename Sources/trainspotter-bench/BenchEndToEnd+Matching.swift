import ArgumentParser
import BridgeSockets
import CommandSupport
import Foundation
import KaraboBridge
import Matching
import Views

extension BenchEndToEnd {
    /// What one paced measurement took.
    struct Paced {
        var seconds: Double
        var cpuSeconds: Double
        var counters: MatchCounters?
    }

    /// The cost of matching a second bridge: the same graph on the AGIPD stream paced at
    /// `rate`, once from the AGIPD bridge alone and once matched by train ID with a second
    /// simulator (XGM + motor) paced alike. Both simulators pace themselves, so the rates are
    /// the same; the cost shows in this process's CPU seconds per train.
    func matchingCost(_ runner: ViewRunner, rate: Double) async throws {
        let agipd = ["-d", "AGIPD", "--data-like", "online", "--pulses", "\(pulses)", "--rate", "\(rate)", "--pool-mb", "600"]
        let slow = ["--sources", "xgm,motor", "--rate", "\(rate)", "--pool-mb", "20"]
        let n = trains

        let single = try await withSimulators([agipd]) { endpoints in
            let client = try Self.client(endpoints[0])
            defer { client.close() }
            for _ in 0..<warmup { await runner.process(try await client.nextTrain()) }
            let cpu = Self.processCPUSeconds(), start = DispatchTime.now()
            for _ in 0..<n { await runner.process(try await client.nextTrain()) }
            return Paced(seconds: Self.seconds(since: start), cpuSeconds: Self.processCPUSeconds() - cpu)
        }

        let matched = try await withSimulators([agipd, slow]) { endpoints in
            let clients = try endpoints.map(Self.client)
            defer { for client in clients { client.close() } }
            let configuration = MatchConfiguration(timeout: 10, window: 64, require: ["*AGIPD*", "*XGM*", "*MOTOR*"])
            let matcher = try TrainMatcher(inputs: zip(endpoints, clients).map { MatcherInput(name: $0.0, client: $0.1) },
                                           configuration: configuration)
            defer { matcher.stop() }
            var trains = matcher.makeAsyncIterator()
            func next() async throws -> Train {
                guard let m = await trains.next() else { throw ValidationError("the matcher ended: \(matcher.counters.statusLine)") }
                guard !m.isPartial else { throw ValidationError("a partial train: missing \(m.missing)") }
                return m.train
            }
            for _ in 0..<warmup { await runner.process(try await next()) }
            let cpu = Self.processCPUSeconds(), start = DispatchTime.now()
            for _ in 0..<n { await runner.process(try await next()) }
            return Paced(seconds: Self.seconds(since: start), cpuSeconds: Self.processCPUSeconds() - cpu, counters: matcher.counters)
        }

        printLine("")
        printLine(String(format: "Matching a second bridge (XGM + motor), both simulators paced at %.1f Hz, %d trains each:", rate, n))
        printLine(pad("input", 44) + pad("trains/s", 10) + "CPU ms per train (this process)")
        for (label, p) in [("AGIPD bridge alone", single), ("AGIPD + slow-device bridge, matched", matched)] {
            printLine(pad(label, 44) + pad(String(format: "%.2f", Double(n) / p.seconds), 10)
                      + String(format: "%.1f", p.cpuSeconds / Double(n) * 1000))
        }
        let extra = (matched.cpuSeconds - single.cpuSeconds) / single.cpuSeconds * 100
        printLine(String(format: "matching cost: %+.1f %% CPU per train, %+.1f %% rate (goal ≤ 5 %%)", extra,
                         (single.seconds / matched.seconds - 1) * 100))
        if let counters = matched.counters { printLine("matcher: " + counters.statusLine) }
    }

    /// Runs `trainspotter simulate … -z PUSH` once per argument list for the duration of `body`.
    func withSimulators<R>(_ arguments: [[String]], _ body: ([String]) async throws -> R) async throws -> R {
        var processes: [Process] = []
        var endpoints: [String] = []
        // SIGKILL: a child spawned from a pool thread inherits its blocked SIGTERM.
        defer { for p in processes { kill(p.processIdentifier, SIGKILL); p.waitUntilExit() } }
        for extra in arguments {
            let port = try BenchReceive().freePortViaZMQ()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Executables.trainspotter)
            process.arguments = ["simulate", "\(port)", "-z", "PUSH", "--status-every", "3600"] + extra
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            processes.append(process)
            endpoints.append("tcp://127.0.0.1:\(port)")
        }
        return try await body(endpoints)
    }
}
