import ArgumentParser
import BridgeSockets
import CommandSupport
import Foundation
import KaraboBridge
import Matching
import Recording

extension Record {
    /// Several inputs (or matching asked for): records each matched train, encoded as one
    /// 2.2 message (raw) or written as a train (HDF5).
    func recordMatched(into recorder: any MessageRecorder) async throws {
        let (matcher, clients) = try connection.makeMatcher(queueDepth: 1, noDrop: true)
        @Sendable func closeAll() {
            for client in clients { client.close() }
            matcher.stop()
        }
        let signals = RecordSignals { _ in closeAll() }
        let timer = duration.map { seconds in Task { try await Task.sleep(for: .seconds(seconds)); closeAll() } }
        let reporter = quiet ? nil : Task {
            var progress = RecordProgress()
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(statusInterval))
                printStatus(progress.line(recorder.statistics.snapshot) + " · " + matcher.counters.statusLine)
            }
        }
        let started = Date()
        printLine("recording \(connection.endpoints.joined(separator: ", ")) matched by train ID (\(format.rawValue)) into \(out)")
        var failure: Error?
        var count = 0
        for await matched in matcher {
            let frames = BridgeEncoder(protocolVersion: .v2_2).encode(matched.train)
            do {
                try await recorder.append(RawMessage(frames: frames, receivedAt: Date().timeIntervalSince1970), train: matched.train)
            } catch {
                printError("recording failed: \(error)")
                failure = error
                break
            }
            count += 1
            if let ntrains, count >= ntrains { break }
        }
        closeAll()
        timer?.cancel()
        reporter?.cancel()
        withExtendedLifetime(signals) {}
        let summary = try await recorder.close()
        let s = summary.statistics
        let seconds = Date().timeIntervalSince(started)
        if !quiet && isatty(STDERR_FILENO) != 0 { FileHandle.standardError.write(Data("\n".utf8)) }
        printLine("recorded \(s.messages) matched trains, \(String(format: "%.3f", Double(s.messageBytes) / 1e9)) GB in "
                  + String(format: "%.1f s", seconds) + ", \(summary.files.count) files in \(out) · " + matcher.counters.statusLine)
        if let failure { throw failure is ExitCode ? failure : ExitCode(1) }
    }
}
