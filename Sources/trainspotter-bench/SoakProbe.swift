import CommandSupport
import Foundation
import ZeroMQ

/// What `bench soak` watches: child processes started from this binary, their resident
/// memory (`/proc/PID/status` `VmRSS`) and `run`'s counters over its control socket.
///
/// Everything here blocks, so it is used from a dedicated thread only.
enum SoakProbe {
    /// One sample of the soak.
    struct Sample {
        /// Seconds since the soak started.
        var time: Double
        /// Resident memory of `run`, MB.
        var runMB: Double
        /// Resident memory of the simulator, MB.
        var simulatorMB: Double
        /// `run`'s counters (`trains_in`, `processed`, `dropped`).
        var trainsIn: Int
        var processed: Int
        var dropped: Int
    }

    /// A started child process with its output going to a file.
    struct Child {
        let process: Process
        let log: URL

        /// The log so far.
        var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
    }

    /// Starts `trainspotter ARGUMENTS` niced like us, stdout and stderr into `log`.
    static func start(_ arguments: [String], log: URL) throws -> Child {
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Executables.trainspotter)
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try? handle.close()
        return Child(process: process, log: log)
    }

    /// Waits until the child's log holds a line starting with `prefix` and returns the rest of
    /// that line (or of the next one when the rest is empty).
    static func value(after prefix: String, in child: Child, timeout: Double = 60) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let lines = child.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (i, line) in lines.enumerated() where line.hasPrefix(prefix) {
                let rest = line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
                if !rest.isEmpty { return rest.components(separatedBy: " ").first! }
                if i + 1 < lines.count, !lines[i + 1].isEmpty { return lines[i + 1].trimmingCharacters(in: .whitespaces) }
            }
            if !child.process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw SoakError("\(child.process.arguments?.first ?? "child") never printed '\(prefix)':\n\(child.output)")
    }

    /// Resident set size of `pid` in MB (0 once it has exited).
    static func residentMB(_ pid: Int32) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let kb = line.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0
            return kb / 1024
        }
        return 0
    }

    /// Asks `run`'s control socket for `{"status": true}`; nil when it does not answer within `timeout`.
    static func status(_ socket: ZMQSocket, timeout: Double = 3) -> [String: Any]? {
        do {
            guard try socket.send(bytes: Array(#"{"status": true}"#.utf8)) else { return nil }
            guard try socket.poll(readable: true, timeoutMilliseconds: Int(timeout * 1000)),
                  let reply = try socket.receiveMultipart(dontWait: true), let first = reply.first else { return nil }
            return try JSONSerialization.jsonObject(with: Data(first.slice.bytes)) as? [String: Any]
        } catch {
            return nil
        }
    }

    /// A REQ socket to `endpoint` that may abandon an unanswered request.
    static func controlSocket(_ context: ZMQContext, _ endpoint: String) throws -> ZMQSocket {
        let socket = try ZMQSocket(context: context, type: .req)
        try socket.setLinger(milliseconds: 0)
        try socket.setRequestRelaxed(true)
        try socket.setRequestCorrelate(true)
        try socket.connect(endpoint)
        return socket
    }

    /// Least-squares slope of `y` against `x` (units of y per unit of x); 0 with fewer than 2 points.
    static func slope(_ points: [(x: Double, y: Double)]) -> Double {
        guard points.count >= 2 else { return 0 }
        let n = Double(points.count)
        let mx = points.reduce(0) { $0 + $1.x } / n, my = points.reduce(0) { $0 + $1.y } / n
        let sxx = points.reduce(0) { $0 + ($1.x - mx) * ($1.x - mx) }
        let sxy = points.reduce(0) { $0 + ($1.x - mx) * ($1.y - my) }
        return sxx > 0 ? sxy / sxx : 0
    }

    /// Sends `signal` and waits up to `timeout` seconds for the exit; kills it after that.
    /// Returns the seconds it took to exit, or nil when it had to be killed.
    @discardableResult
    static func stop(_ child: Child, signal: Int32 = SIGTERM, timeout: Double = 5) -> Double? {
        guard child.process.isRunning else { return 0 }
        let started = Date()
        kill(child.process.processIdentifier, signal)
        while child.process.isRunning && Date().timeIntervalSince(started) < timeout { Thread.sleep(forTimeInterval: 0.02) }
        if child.process.isRunning {
            kill(child.process.processIdentifier, SIGKILL)
            child.process.waitUntilExit()
            return nil
        }
        return Date().timeIntervalSince(started)
    }
}

/// A failed soak.
struct SoakError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
