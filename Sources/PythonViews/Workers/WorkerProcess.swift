#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ByteSlices
import Foundation

/// One Python worker process (`python -m trainspotter_views.worker`) and its pipes.
///
/// Used by one thread at a time (the pool hands a worker to one caller); every read waits with
/// `poll` bounded by a deadline, so a stuck view cannot hold its caller past the timeout.
final class WorkerProcess: @unchecked Sendable {
    private let process: Process
    private let toWorker: Int32
    private let fromWorker: Int32
    private let keepAlive: [FileHandle]
    let pid: Int32

    init(_ configuration: PythonConfiguration) throws(PythonError) {
        guard let package = configuration.resolvedPackageDirectory else {
            throw PythonError(.start, "cannot find the trainspotter_views Python package (set TRAINSPOTTER_PYTHON_PACKAGE to the repository's python/ folder)")
        }
        let process = Process()
        if configuration.python.contains("/") {
            process.executableURL = URL(fileURLWithPath: configuration.python)
            process.arguments = ["-u", "-m", "trainspotter_views.worker"]
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [configuration.python, "-u", "-m", "trainspotter_views.worker"]
        }
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONPATH"] = ([package.path] + (environment["PYTHONPATH"].map { [$0] } ?? [])).joined(separator: ":")
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        process.environment = environment
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        do {
            try process.run()
        } catch {
            throw PythonError(.start, "cannot start \(configuration.python): \(error.localizedDescription)")
        }
        self.process = process
        self.pid = process.processIdentifier
        self.toWorker = input.fileHandleForWriting.fileDescriptor
        self.fromWorker = output.fileHandleForReading.fileDescriptor
        self.keepAlive = [input.fileHandleForWriting, output.fileHandleForReading]
        // The child's ends belong to the child only.
        try? input.fileHandleForReading.close()
        try? output.fileHandleForWriting.close()
    }

    /// Sends `request` and waits for the reply until `deadline`.
    func call(_ request: [String: Any], deadline: ContinuousClock.Instant) throws(PythonError) -> Frame {
        try send(request)
        return try receive(deadline: deadline)
    }

    func send(_ request: [String: Any]) throws(PythonError) {
        let body: Data
        do { body = try JSONSerialization.data(withJSONObject: request) } catch {
            throw PythonError(.protocolError, "cannot encode a request: \(error)")
        }
        var head = [UInt8](repeating: 0, count: 8)
        withUnsafeBytes(of: UInt32(body.count).littleEndian) { head.replaceSubrange(0..<4, with: $0) }
        try write(head)
        try write(body)
    }

    private func write(_ bytes: some ContiguousBytes) throws(PythonError) {
        let failed: String? = bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = Glibc.write(toWorker, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                done += n
            }
            return nil
        }
        if let failed { throw PythonError(.crashed, "the worker (pid \(pid)) is gone: \(failed)") }
    }

    func receive(deadline: ContinuousClock.Instant) throws(PythonError) -> Frame {
        let head = try readBytes(8, deadline: deadline)
        let jsonCount = Int(UInt32(head[0]) | UInt32(head[1]) << 8 | UInt32(head[2]) << 16 | UInt32(head[3]) << 24)
        let payloadCount = Int(UInt32(head[4]) | UInt32(head[5]) << 8 | UInt32(head[6]) << 16 | UInt32(head[7]) << 24)
        let body = try readBytes(jsonCount, deadline: deadline)
        guard let header = (try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])) as? [String: Any] else {
            throw PythonError(.protocolError, "the worker (pid \(pid)) sent a header that is not a JSON object")
        }
        guard payloadCount > 0 else { return Frame(header) }
        var failure: PythonError?
        let storage = HeapBytes(count: payloadCount) { (raw: UnsafeMutableRawBufferPointer) in
            failure = read(into: raw, deadline: deadline)
        }
        if let failure { throw failure }
        return Frame(header, payload: ByteSlice(storage))
    }

    private func readBytes(_ count: Int, deadline: ContinuousClock.Instant) throws(PythonError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let failure = bytes.withUnsafeMutableBytes { read(into: $0, deadline: deadline) }
        if let failure { throw failure }
        return bytes
    }

    /// Fills `buffer`; the failure, if any.
    private func read(into buffer: UnsafeMutableRawBufferPointer, deadline: ContinuousClock.Instant) -> PythonError? {
        var done = 0
        while done < buffer.count {
            let left = deadline - ContinuousClock.now
            let ms = max(0, Int(left.components.seconds * 1000) + Int(left.components.attoseconds / 1_000_000_000_000_000))
            var fds = pollfd(fd: fromWorker, events: Int16(POLLIN), revents: 0)
            let ready = poll(&fds, 1, Int32(clamping: ms))
            if ready < 0 {
                if errno == EINTR { continue }
                return PythonError(.crashed, "poll: \(String(cString: strerror(errno)))")
            }
            if ready == 0 { return PythonError(.timeout, "no answer within the timeout") }
            let n = Glibc.read(fromWorker, buffer.baseAddress! + done, buffer.count - done)
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return PythonError(.crashed, "the worker (pid \(pid)) is gone: \(String(cString: strerror(errno)))")
            }
            if n == 0 { return PythonError(.crashed, "the worker (pid \(pid)) exited\(exitText)") }
            done += n
        }
        return nil
    }

    private var exitText: String {
        // Give the process a moment to be reaped, for its status.
        for _ in 0..<20 where process.isRunning { usleep(5000) }
        guard !process.isRunning else { return "" }
        return process.terminationReason == .uncaughtSignal ? " on signal \(process.terminationStatus)" : " with status \(process.terminationStatus)"
    }

    /// Ends the process at once (SIGKILL) and closes the pipes.
    func kill() {
        if process.isRunning { Glibc.kill(pid, SIGKILL) }
        for handle in keepAlive { try? handle.close() }
    }

    /// Asks the process to end (closing its stdin ends the serve loop), then kills it if it lingers.
    func stop() {
        try? keepAlive[0].close()
        for _ in 0..<40 where process.isRunning { usleep(5000) }
        kill()
    }
}
