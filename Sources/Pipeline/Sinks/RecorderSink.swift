import Foundation
import KaraboBridge
import Recording

/// A recording of a run's messages: the results as published (the frames the publisher sends,
/// so a raw recording is byte-identical to the stream), or — fed through ``tap`` — the input
/// as it arrived. Never waits: what a full queue refuses is counted.
public final class RecorderSink: ResultSink {
    /// What is recorded, for status lines (`input`, `results`).
    public let name: String
    /// The recorder.
    public let recorder: any MessageRecorder
    /// Whether index messages are recorded. The HDF5 layout holds one entry per train ID, and an
    /// index message shares its train ID with a result message: HDF5 result recordings hold the
    /// `view/NAME` sources only.
    public let keepsIndex: Bool

    public init(name: String, recorder: any MessageRecorder, keepsIndex: Bool = true) {
        self.name = name
        self.recorder = recorder
        self.keepsIndex = keepsIndex
    }

    public func accept(_ message: ResultMessage) async {
        if !keepsIndex, message.isIndex { return }
        _ = recorder.tryAppend(RawMessage(frames: message.frames, receivedAt: message.encodedAt), train: message.train)
    }

    /// For a bridge client's tap: queues each arriving message undecoded, on the socket thread.
    public var tap: @Sendable (RawMessage) -> Void {
        let recorder = recorder
        return { raw in _ = recorder.tryAppend(arriving: raw) }
    }

    /// E.g. `; input recorded 12 (3.20 GB), refused 1`.
    public var statusSuffix: String {
        let s = recorder.statistics.snapshot
        var text = "; \(name) recorded \(s.messages) (" + String(format: "%.2f GB", Double(s.messageBytes) / 1e9) + ")"
        if s.refused > 0 { text += ", refused \(s.refused)" }
        if s.skippedMessages > 0 { text += ", skipped \(s.skippedMessages)" }
        return text
    }

    /// Writes what is queued and closes the files.
    public func close() async -> SinkReport {
        do {
            let summary = try await recorder.close()
            let s = summary.statistics
            return SinkReport(line: "\(name) recording: \(s.messages) messages, "
                              + String(format: "%.3f GB", Double(s.messageBytes) / 1e9)
                              + ", refused \(s.refused), \(summary.files.count) files")
        } catch {
            return SinkReport(ok: false, line: "\(name) recording failed: \(error)")
        }
    }
}
