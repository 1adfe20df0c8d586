import Foundation
import Synchronization

/// The outcome of a finished child process.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

/// Errors from running child processes in tests.
public enum ChildProcessError: Error, CustomStringConvertible {
    case timedOut(command: String, seconds: Double, stdout: String, stderr: String)
    case failed(command: String, result: ProcessResult)
    case notReady(command: String, waitingFor: String, stdout: String, stderr: String)

    public var description: String {
        switch self {
        case let .timedOut(command, seconds, out, err):
            return "\(command) did not finish within \(seconds) s\nstdout:\n\(out)\nstderr:\n\(err)"
        case let .failed(command, result):
            return "\(command) exited \(result.status)\nstdout:\n\(result.stdout)\nstderr:\n\(result.stderr)"
        case let .notReady(command, waitingFor, out, err):
            return "\(command) never printed \(waitingFor)\nstdout:\n\(out)\nstderr:\n\(err)"
        }
    }
}

/// Bytes collected from a pipe on a background thread.
final class OutputBuffer: Sendable {
    let data = Mutex(Data())
    func append(_ d: Data) { data.withLock { $0.append(d) } }
    var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }
}

/// Every child still running, killed when the test process exits (even if a test leaked its
/// `ChildProcess`), so no peer outlives the test run.
enum ChildRegistry {
    static let pids = Mutex<Set<Int32>>([])
    static let installed: Void = {
        atexit {
            for pid in ChildRegistry.pids.withLock({ $0 }) { kill(pid, SIGKILL) }
        }
    }()

    static func add(_ pid: Int32) {
        _ = installed
        pids.withLock { _ = $0.insert(pid) }
    }

    static func remove(_ pid: Int32) {
        pids.withLock { _ = $0.remove(pid) }
    }
}

/// A child process (a Python peer or the `trainspotter` binary) with its output collected
/// on background threads. It is terminated when released.
public final class ChildProcess: Sendable {
    private let process: Process
    private let out = OutputBuffer()
    private let err = OutputBuffer()
    public let commandLine: String

    /// Starts `executable` with `arguments`.
    public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                currentDirectory: URL? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["PYTHONUNBUFFERED"] = "1"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let outPipe = Pipe(), errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = FileHandle.nullDevice
        self.process = process
        self.commandLine = ([executable] + arguments).joined(separator: " ")
        let outBox = out, errBox = err
        outPipe.fileHandleForReading.readabilityHandler = { h in
            let d = h.availableData
            if d.isEmpty { h.readabilityHandler = nil } else { outBox.append(d) }
        }
        errPipe.fileHandleForReading.readabilityHandler = { h in
            let d = h.availableData
            if d.isEmpty { h.readabilityHandler = nil } else { errBox.append(d) }
        }
        try process.run()
        ChildRegistry.add(process.processIdentifier)
    }

    /// Convenience: the venv's Python running a peer script from `Tests/Peers`.
    public static func python(_ script: String, _ arguments: [String]) throws -> ChildProcess {
        try ChildProcess(TestEnvironment.python,
                         [TestEnvironment.peersDirectory.appendingPathComponent(script).path] + arguments)
    }

    /// Convenience: the `trainspotter` binary.
    public static func trainspotter(_ arguments: [String]) throws -> ChildProcess {
        try ChildProcess(TestEnvironment.trainspotterBinary.path, arguments)
    }

    public var stdout: String { out.text }
    public var stderr: String { err.text }
    public var isRunning: Bool { process.isRunning }
    public var processIdentifier: Int32 { process.processIdentifier }

    /// Waits (polling, off the cooperative pool's blocking paths) until stdout or stderr contains `text`.
    public func waitForOutput(_ text: String, timeout: Double = 20) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if stdout.contains(text) || stderr.contains(text) { return }
            if !process.isRunning {
                try await Task.sleep(for: .milliseconds(50))
                if stdout.contains(text) || stderr.contains(text) { return }
                throw ChildProcessError.notReady(command: commandLine, waitingFor: text, stdout: stdout, stderr: stderr)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ChildProcessError.notReady(command: commandLine, waitingFor: text, stdout: stdout, stderr: stderr)
    }

    /// Waits for the process to exit and returns its result.
    @discardableResult
    public func wait(timeout: Double = 60) async throws -> ProcessResult {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                throw ChildProcessError.timedOut(command: commandLine, seconds: timeout, stdout: stdout, stderr: stderr)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        // Let the readability handlers drain the pipes.
        try await Task.sleep(for: .milliseconds(50))
        return ProcessResult(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    /// Waits for exit and throws unless the status is 0.
    @discardableResult
    public func succeed(timeout: Double = 60) async throws -> ProcessResult {
        let result = try await wait(timeout: timeout)
        guard result.status == 0 else { throw ChildProcessError.failed(command: commandLine, result: result) }
        return result
    }

    /// Sends a signal (SIGTERM by default).
    public func signal(_ sig: Int32 = SIGTERM) {
        if process.isRunning { kill(process.processIdentifier, sig) }
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        ChildRegistry.remove(process.processIdentifier)
    }
}

/// Runs a command to completion and returns its result.
public func run(_ executable: String, _ arguments: [String], timeout: Double = 120) async throws -> ProcessResult {
    try await ChildProcess(executable, arguments).wait(timeout: timeout)
}
