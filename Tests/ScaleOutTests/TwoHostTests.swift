import Foundation
import TestSupport
import Testing

/// Two "hosts" on this machine: network namespaces joined by a veth pair, made and torn down
/// by the test (addresses only inside the namespaces, an `unreachable` route guarding the root
/// namespace). The simulator and rank 0 run in one, the two workers in the other: trains and
/// results cross the veth (MPI over TCP, pinned to the veth's /30). The results equal those of
/// one process on loopback.
@Suite(.serialized, .timeLimit(.minutes(5)),
       .enabled(if: MPILauncher.available && TwoHosts.available, "needs mpirun, root and iproute2 (ip, unshare)"))
struct TwoHostTests {
    @Test func coordinatorAndWorkersInTwoNamespaces() async throws {
        let hosts = try await TwoHosts.create()
        defer { hosts.remove() }
        let dir = try TestEnvironment.temporaryDirectory("scale-out-hosts")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("views.yaml")
        try ScaleOutRunTests.yaml.write(to: file, atomically: true, encoding: .utf8)
        let agent = dir.appendingPathComponent("netns-rsh.sh")
        try """
        #!/bin/sh
        host=$1; shift
        case "$host" in \(hosts.addressA)) ns=\(hosts.a) ;; \(hosts.addressB)) ns=\(hosts.b) ;; *) exit 1 ;; esac
        exec ip netns exec "$ns" unshare --uts sh -c "hostname $ns; $*"
        """.write(to: agent, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: agent.path)
        let results = dir.appendingPathComponent("results").path
        let port = TestEnvironment.freePort(), trains = ScaleOutRunTests.trains
        let run = try ChildProcess(TestEnvironment.python, [
            TestEnvironment.peersDirectory.appendingPathComponent("mpi_exec.py").path,
            "ip", "netns", "exec", hosts.a, MPILauncher.mpirun ?? "mpirun",
            "--mca", "plm_rsh_agent", agent.path, "--host", "\(hosts.addressA):1,\(hosts.addressB):2", "-n", "3",
            "--oversubscribe", "--bind-to", "none",
            "--mca", "btl_tcp_if_include", hosts.subnet, "--mca", "oob_tcp_if_include", hosts.subnet,
            TestEnvironment.trainspotterBinary.path, "run", "--connect", "tcp://\(hosts.addressA):\(port)", "-z", "PUSH",
            "--views", file.path, "--no-watch", "--publish", "tcp://\(hosts.addressA):\(TestEnvironment.freePort())",
            "--record-results", results, "--ntrains", "\(trains)", "--no-drop", "--queue-depth", "4", "--status-interval", "1",
        ], environment: MPILauncher.environment)
        defer { run.signal(SIGKILL) }
        try await run.waitForOutput("running on", timeout: 90)
        for r in 1...2 { try await run.waitForOutput("rank \(r): worker on", timeout: 60) }
        // The workers live in the second namespace.
        for line in run.stdout.split(separator: "\n") where line.contains("worker on") {
            let pid = line.range(of: "pid ").map { String(line[$0.upperBound...].prefix { $0.isNumber }) } ?? ""
            #expect(TwoHosts.netns(ofProcess: pid) == TwoHosts.netns(named: hosts.b), "\(line)")
        }
        try await Task.sleep(for: .milliseconds(500))
        let simulator = try ChildProcess("/usr/bin/env", ["ip", "netns", "exec", hosts.a, TestEnvironment.trainspotterBinary.path, "simulate",
                                                          "\(port)", "--host", hosts.addressA, "-z", "PUSH", "--sources", "camera,xgm",
                                                          "--seed", "3", "--rate", "20", "--ntrains", "\(trains + 30)"])
        defer { simulator.signal(SIGKILL) }
        let result = try await run.wait(timeout: 150)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let scaled = try ScaleOutRunTests.read(results, output: result.stdout)
        let single = try await ScaleOutRunTests.publish("PUSH", ranks: nil)
        #expect(scaled.order == single.order)
        for id in single.order { if let a = single.byTrain[id], let b = scaled.byTrain[id] { ScaleOutRunTests.compare(a, b, train: id) } }
    }
}

/// Two network namespaces joined by a veth pair, with a /30 unused on this machine.
struct TwoHosts {
    let a: String, b: String
    let subnet = "10.231.9.0/30", addressA = "10.231.9.1", addressB = "10.231.9.2"

    static var ip: String? { ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first { FileManager.default.isExecutableFile(atPath: $0) } }
    static var available: Bool { getuid() == 0 && ip != nil && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") }

    static func create() async throws -> TwoHosts {
        let tag = "\(ProcessInfo.processInfo.processIdentifier % 100000)"
        let hosts = TwoHosts(a: "tsmpi-a\(tag)", b: "tsmpi-b\(tag)")
        let ip = Self.ip ?? "ip", va = "tsva\(tag)", vb = "tsvb\(tag)"
        hosts.remove()
        for command in [["netns", "add", hosts.a], ["netns", "add", hosts.b],
                        ["link", "add", va, "type", "veth", "peer", "name", vb],
                        ["link", "set", va, "netns", hosts.a], ["link", "set", vb, "netns", hosts.b],
                        ["-n", hosts.a, "addr", "add", "\(hosts.addressA)/30", "dev", va],
                        ["-n", hosts.b, "addr", "add", "\(hosts.addressB)/30", "dev", vb],
                        ["-n", hosts.a, "link", "set", "lo", "up"], ["-n", hosts.b, "link", "set", "lo", "up"],
                        ["-n", hosts.a, "link", "set", va, "up"], ["-n", hosts.b, "link", "set", vb, "up"],
                        ["route", "add", "unreachable", hosts.subnet]] {
            let r = try await TestSupport.run(ip, command, timeout: 20)
            guard r.status == 0 else { hosts.remove(); throw SetupFailed(description: "ip \(command.joined(separator: " ")): \(r.stderr)") }
        }
        return hosts
    }

    /// Deletes the namespaces (their veth ends with them) and the guard route.
    func remove() {
        let ip = Self.ip ?? "ip"
        for command in [["route", "del", "unreachable", subnet], ["netns", "del", a], ["netns", "del", b]] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: ip)
            p.arguments = command
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try? p.run()
            p.waitUntilExit()
        }
    }

    static func netns(ofProcess pid: String) -> String? { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/ns/net") }
    static func netns(named name: String) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: "/var/run/netns/\(name)"),
              let inode = attributes[.systemFileNumber] as? NSNumber else { return nil }
        return "net:[\(inode)]"
    }

    struct SetupFailed: Error, CustomStringConvertible { var description: String }
}
