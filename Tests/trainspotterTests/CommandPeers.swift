import BridgeSockets
import Foundation
import KaraboBridge
import TestSupport
import Testing

/// Starting `trainspotter` commands as real peers for the reliability tests.
enum CommandPeers {
    /// Small, cheap simulator options: no detector, 10 Hz.
    static let smallSimulator = ["--sources", "camera,xgm,motor", "--pool-mb", "20", "--status-every", "3600"]

    /// Starts `trainspotter simulate PORT -z PATTERN` and returns it with the endpoint it bound.
    static func simulator(port: Int = 0, pattern: String, extra: [String] = []) async throws -> (ChildProcess, String) {
        let sim = try ChildProcess.trainspotter(["simulate", String(port), "-z", pattern] + smallSimulator + extra)
        try await sim.waitForOutput("Simulated Karabo-bridge server started on:\ntcp://")
        let lines = sim.stdout.split(separator: "\n").map(String.init)
        let index = try #require(lines.firstIndex(of: "Simulated Karabo-bridge server started on:"))
        return (sim, lines[index + 1])
    }

    /// The client pattern matching a server socket name.
    static func client(_ endpoint: String, server pattern: String, timeout: Double = 10, noDrop: Bool = true) throws -> BridgeClient {
        try BridgeClient(BridgeClientConfiguration(endpoint: endpoint, pattern: ClientPattern(serverSocket: pattern)!,
                                                   timeout: timeout, queueDepth: 4, noDrop: noDrop))
    }

    /// Waits until `child` exits after `signal`; returns its result and the seconds it took.
    static func stop(_ child: ChildProcess, with signal: Int32, timeout: Double = 10) async throws -> (ProcessResult, Double) {
        let started = Date()
        child.signal(signal)
        let result = try await child.wait(timeout: timeout)
        // `wait` lets the pipes drain for 50 ms after the exit; that is not the command's time.
        return (result, Date().timeIntervalSince(started) - 0.05)
    }

    /// Polls until `condition` holds (up to `timeout` seconds).
    static func eventually(_ timeout: Double = 20, _ condition: () -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    /// Writes a small views file for the simulator's camera, XGM and motor; `xgm_histogram`
    /// accumulates one count per train for as long as `run` runs.
    static func viewsFile(in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("views.yaml").path
        try """
            views:
              xgm_histogram:
                operator: histogram
                input: SA1_XTD2_XGM/XGM/DOOCS[pulseEnergy.photonFlux]
                params: {bins: 20, range: [0, 2000]}
              motor_average:
                operator: moving_average
                input: SPB_IRU_STEER/MOTOR/X[actualPosition]
                params: {window: 1000}

            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
