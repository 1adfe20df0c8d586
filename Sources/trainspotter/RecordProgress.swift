import Foundation
import Recording

/// The recorder's progress line: trains, GB, rate, train-ID gaps.
struct RecordProgress {
    private var previous: (time: Double, bytes: Int, messages: Int)?

    /// Formats a line from the counters; rates since the previous call.
    mutating func line(_ s: RecordingStatistics.Snapshot, now: Double = ProcessInfo.processInfo.systemUptime) -> String {
        var rate = 0.0, hz = 0.0
        if let p = previous, now > p.time {
            rate = Double(s.messageBytes - p.bytes) / (now - p.time)
            hz = Double(s.messages - p.messages) / (now - p.time)
        }
        previous = (now, s.messageBytes, s.messages)
        var text = "recorded \(s.messages) trains, " + String(format: "%.2f GB", Double(s.messageBytes) / 1e9)
        text += String(format: ", %.0f MB/s (%.1f Hz)", rate / 1e6, hz)
        text += ", drops \(s.missingTrains)"
        if s.skippedMessages > 0 { text += ", skipped \(s.skippedMessages) messages" }
        if s.skippedValues > 0 { text += ", \(s.skippedValues) values not storable" }
        if s.files > 1 { text += ", \(s.files) files" }
        return text
    }
}

/// Writes a status line to stderr: overwritten in place on a terminal, one line each otherwise.
func printStatus(_ text: String, final: Bool = false) {
    let terminal = isatty(STDERR_FILENO) != 0
    let line = terminal ? "\r\u{1B}[K" + text + (final ? "\n" : "") : text + "\n"
    FileHandle.standardError.write(Data(line.utf8))
}

