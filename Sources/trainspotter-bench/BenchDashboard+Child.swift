import ArgumentParser
import CommandSupport
import Foundation
import Synchronization

extension BenchDashboard {
    /// A child process of the benchmark (simulator, `run`, a client) with its output lines kept,
    /// `run`'s processed-trains counter sampled from its status lines, and its CPU time from /proc.
    final class ChildOutput: Sendable {
        /// One status line of `run`: when it arrived and the processed count it reported.
        struct Sample: Sendable {
            var time: Double
            var processed: Int
        }

        private let process: Process
        /// Output lines, the unfinished last line, and `run`'s status samples.
        final class Output: Sendable {
            let state = Mutex<(lines: [String], partial: String, samples: [Sample])>(([], "", []))
        }

        private let output = Output()
        private let profile: URL?

        init(_ executable: String, _ arguments: [String], profile: URL? = nil) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.standardInput = FileHandle.nullDevice
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            self.process = process
            self.profile = profile
            let output = self.output
            pipe.fileHandleForReading.readabilityHandler = { handle in
                let data = handle.availableData
                if data.isEmpty { handle.readabilityHandler = nil; return }
                let now = Date().timeIntervalSince1970
                output.state.withLock { s in
                    s.partial += String(decoding: data, as: UTF8.self)
                    while let newline = s.partial.firstIndex(of: "\n") {
                        let line = String(s.partial[..<newline])
                        s.partial = String(s.partial[s.partial.index(after: newline)...])
                        if s.lines.count < 10000 { s.lines.append(line) }
                        if let processed = Self.processed(in: line) { s.samples.append(Sample(time: now, processed: processed)) }
                    }
                }
            }
            try process.run()
        }

        /// A headless Chromium showing `url` in a fresh profile, at niceness `nice`.
        static func browser(_ chromium: String, url: String, nice: Int) throws -> ChildOutput {
            let profile = FileManager.default.temporaryDirectory.appendingPathComponent("trainspotter-bench-chromium-\(UUID().uuidString)")
            let arguments = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                             "--no-default-browser-check", "--hide-scrollbars", "--mute-audio", "--force-device-scale-factor=1",
                             "--window-size=1600,1000", "--user-data-dir=\(profile.path)", url]
            if nice == 0 { return try ChildOutput(chromium, arguments, profile: profile) }
            return try ChildOutput("/usr/bin/nice", ["-n", "\(nice)", chromium] + arguments, profile: profile)
        }

        /// `trainspotter bench dashboard ws-client URL` (this binary), at niceness `nice`.
        static func webSocketClient(_ me: String, url: String, nice: Int) throws -> ChildOutput {
            let arguments = ["bench", "dashboard", "ws-client", url]
            if nice == 0 { return try ChildOutput(me, arguments) }
            return try ChildOutput("/usr/bin/nice", ["-n", "\(nice)", me] + arguments)
        }

        /// `processed N` from a status line (`trains in 120, processed 118, …`).
        static func processed(in line: String) -> Int? {
            guard line.hasPrefix("trains in "), let range = line.range(of: "processed ") else { return nil }
            return Int(line[range.upperBound...].prefix { $0.isNumber })
        }

        var lines: [String] { output.state.withLock { $0.lines } }
        var samples: [Sample] { output.state.withLock { $0.samples } }

        /// Waits until a line contains `text`.
        func waitFor(_ text: String, timeout: Double) async throws {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if lines.contains(where: { $0.contains(text) }) { return }
                if !process.isRunning {
                    try await Task.sleep(for: .milliseconds(100))
                    if lines.contains(where: { $0.contains(text) }) { return }
                    break
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            throw ValidationError("\(process.executableURL?.lastPathComponent ?? "child") did not print '\(text)':\n"
                                  + lines.suffix(20).joined(separator: "\n"))
        }

        /// CPU seconds (user + system) of the process.
        func cpuSeconds() -> Double { Self.cpuSeconds(process.processIdentifier) }

        /// CPU seconds of the process and all its living descendants (a browser's renderers, GPU process…).
        func cpuSecondsOfTree() -> Double { Self.tree(process.processIdentifier).map(Self.cpuSeconds).reduce(0, +) }

        /// Kills the process and its descendants (by their ids) without waiting.
        func kill() {
            guard process.isRunning else { return }
            for pid in Self.tree(process.processIdentifier).reversed() { Glibc.kill(pid, SIGKILL) }
        }

        /// Kills the process and its descendants, waits (polling) until it has exited, removes its profile.
        func stop() async {
            kill()
            for _ in 0..<200 where process.isRunning { try? await Task.sleep(for: .milliseconds(50)) }
            if let profile { try? FileManager.default.removeItem(at: profile) }
        }

        /// `pid` and its descendants, parents first, from /proc.
        static func tree(_ pid: Int32) -> [Int32] {
            var parents: [Int32: [Int32]] = [:]
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
                guard let child = Int32(entry), let stat = statFields(child), stat.count > 1, let parent = Int32(stat[1]) else { continue }
                parents[parent, default: []].append(child)
            }
            var out = [pid], next = 0
            while next < out.count {
                out += parents[out[next]] ?? []
                next += 1
            }
            return out
        }

        /// The fields of /proc/PID/stat after the command name: state, ppid, … (utime is [11], stime [12]).
        static func statFields(_ pid: Int32) -> [Substring]? {
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = text.lastIndex(of: ")") else { return nil }
            return text[text.index(after: close)...].split(separator: " ")
        }

        static func cpuSeconds(_ pid: Int32) -> Double {
            guard let f = statFields(pid), f.count > 12, let user = Double(f[11]), let system = Double(f[12]) else { return 0 }
            return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
        }
    }
}
