import Foundation
import TestSupport
import Testing

/// Everything binds 127.0.0.1 unless told otherwise; binding a non-loopback address prints a
/// warning that the Karabo Bridge protocol (and the dashboard) has no authentication.
@Suite(.timeLimit(.minutes(2))) struct BindWarningTests {
    static let warning = "no authentication"

    /// Starts `arguments`, waits for `ready`, stops it and returns its stderr.
    static func stderr(of arguments: [String], ready: String) async throws -> String {
        let child = try ChildProcess.trainspotter(arguments)
        try await child.waitForOutput(ready)
        child.signal(SIGKILL)
        return try await child.wait().stderr
    }

    @Test(arguments: [("*", true), ("0.0.0.0", true), ("127.0.0.1", false)])
    func simulate(_ host: String, _ warns: Bool) async throws {
        let text = try await Self.stderr(of: ["simulate", "0", "--host", host] + CommandPeers.smallSimulator,
                                         ready: "Simulated Karabo-bridge server started on:")
        #expect(text.contains(Self.warning) == warns, "--host \(host): \(text)")
    }

    @Test func simulateBindsLoopbackByDefault() async throws {
        let (sim, endpoint) = try await CommandPeers.simulator(pattern: "PUB")
        sim.signal(SIGKILL)
        #expect(endpoint.hasPrefix("tcp://127.0.0.1:"))
        #expect(!(try await sim.wait().stderr.contains(Self.warning)))
    }

    @Test(arguments: [
        (["--publish", "tcp://*:0"], true),
        (["--publish", "tcp://0.0.0.0:0"], true),
        (["--dashboard", "0.0.0.0:0"], true),
        (["--publish", "tcp://127.0.0.1:0", "--control", "tcp://127.0.0.1:0", "--dashboard", "127.0.0.1:0"], false),
    ])
    func run(_ options: [String], _ warns: Bool) async throws {
        let directory = try TestEnvironment.temporaryDirectory("bind-run")
        defer { try? FileManager.default.removeItem(at: directory) }
        var arguments = ["run", "--connect", "tcp://127.0.0.1:\(TestEnvironment.freePort())", "-z", "PUB",
                         "--views", try CommandPeers.viewsFile(in: directory), "--no-watch"]
        if !options.contains("--publish") { arguments += ["--publish", "tcp://127.0.0.1:0"] }
        let text = try await Self.stderr(of: arguments + options, ready: "running on")
        #expect(text.contains(Self.warning) == warns, "\(options): \(text)")
    }

    @Test
    func runControlSocket() async throws {
        let directory = try TestEnvironment.temporaryDirectory("bind-control")
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try await Self.stderr(of: ["run", "--connect", "tcp://127.0.0.1:\(TestEnvironment.freePort())", "-z", "PUB",
                                              "--views", try CommandPeers.viewsFile(in: directory), "--no-watch",
                                              "--publish", "tcp://127.0.0.1:0", "--control", "tcp://*:0"],
                                         ready: "running on")
        #expect(text.contains(Self.warning), "\(text)")
    }

    @Test(arguments: [("tcp://*:PORT", true), ("tcp://0.0.0.0:PORT", true), ("tcp://127.0.0.1:PORT", false), ("PORT", false)])
    func replay(_ bind: String, _ warns: Bool) async throws {
        let directory = try TestEnvironment.temporaryDirectory("bind-replay")
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("rec").path
        do {
            let (sim, endpoint) = try await CommandPeers.simulator(pattern: "PUSH", extra: ["--rate", "0"])
            defer { sim.signal(SIGKILL) }
            try await ChildProcess.trainspotter(["record", endpoint, "-z", "PUSH", "--out", out, "--ntrains", "2", "--quiet"]).succeed()
        }
        let endpoint = bind.replacingOccurrences(of: "PORT", with: String(TestEnvironment.freePort()))
        let text = try await Self.stderr(of: ["replay", out, "--bind", endpoint, "-z", "PUB", "--loop", "--quiet"], ready: "replaying")
        #expect(text.contains(Self.warning) == warns, "--bind \(endpoint): \(text)")
    }
}
