import ArgumentParser
import BridgeSockets
import Foundation
import KaraboBridge
import Recording
import Synchronization
import Views

extension Run {
    /// `run`'s recording options: the input stream and the published results, each into its own directory.
    struct RecordingOptions: ParsableArguments {
        @Option(help: "Record every message arriving on the input (also trains the queue later drops) into this new directory.")
        var recordInput: String?

        @Option(help: "Record every published result message (index included), as published, into this new directory.")
        var recordResults: String?

        @Option(help: "Recording format: raw (bit-exact container) or hdf5 (European XFEL data format).")
        var recordFormat: Record.Format = .raw

        @Option(help: "Recordings start a new file before one grows beyond this many MB.")
        var recordMaxFileSize: Double = 4096

        @Option(help: "Input messages queued ahead of the input recorder (a full queue refuses and counts a message; the stream never waits).")
        var recordQueueDepth = 3

        func validate() throws {
            guard recordMaxFileSize > 0 else { throw ValidationError("--record-max-file-size must be positive") }
            guard recordQueueDepth > 0 else { throw ValidationError("--record-queue-depth must be positive") }
            if let recordInput, recordInput == recordResults {
                throw ValidationError("--record-input and --record-results need different directories")
            }
        }

        /// Opens the recorders asked for (none when neither path is given).
        func open(endpoint: String, pattern: ClientPattern, publishedAs version: ProtocolVersion) async throws -> Recorders {
            var input: (any MessageRecorder)?
            if let recordInput {
                input = try await makeRecorder(recordInput, depth: recordQueueDepth,
                                               info: ["endpoint": endpoint, "pattern": pattern.rawValue, "recorded": "run input"])
            }
            var results: (any MessageRecorder)?
            if let recordResults {
                do {
                    results = try await makeRecorder(recordResults, depth: 8,
                                                     info: ["recorded": "run results", "protocol": version.rawValue])
                } catch {
                    _ = try? await input?.close()
                    throw error
                }
            }
            return Recorders(input: input, results: results, resultsEncoder: BridgeEncoder(protocolVersion: version),
                             keepsIndex: recordFormat == .raw)
        }

        private func makeRecorder(_ path: String, depth: Int, info: [String: String]) async throws -> any MessageRecorder {
            let maxBytes = Int(recordMaxFileSize * 1_000_000)
            switch recordFormat {
            case .raw:
                return try await RecordingWriter.create(directory: path, options: RawRecordingOptions(
                    maxFileBytes: maxBytes, queueDepth: depth, info: info))
            case .hdf5:
                return try await HDF5RecordingWriter.create(directory: path, options: HDF5RecordingOptions(
                    maxFileBytes: maxBytes, queueDepth: depth))
            }
        }
    }

    /// The recorders of one `run`: the input fed from the client's socket thread, the results
    /// from the runner's observer. Neither ever waits: what a full queue refuses is counted.
    final class Recorders: Sendable {
        let input: (any MessageRecorder)?
        let results: (any MessageRecorder)?
        let resultsEncoder: BridgeEncoder
        /// Whether index messages are recorded with the results. The HDF5 layout holds one
        /// entry per train ID, and an index message shares its train ID with a result message:
        /// HDF5 result recordings hold the `view/NAME` sources only.
        let keepsIndex: Bool

        init(input: (any MessageRecorder)?, results: (any MessageRecorder)?, resultsEncoder: BridgeEncoder,
             keepsIndex: Bool) {
            self.input = input
            self.results = results
            self.resultsEncoder = resultsEncoder
            self.keepsIndex = keepsIndex
        }

        /// For ``BridgeClientConfiguration/tap``: queues each arriving message undecoded.
        var tap: (@Sendable (RawMessage) -> Void)? {
            guard let input else { return nil }
            return { raw in _ = input.tryAppend(arriving: raw) }
        }

        /// For ``ViewRunner/observe(_:)``: encodes each published message exactly as the
        /// publisher does (the encoding is deterministic) and queues it with its train.
        var observer: (@Sendable (Train) -> Void)? {
            guard let results else { return nil }
            let encoder = resultsEncoder
            let keepsIndex = keepsIndex
            return { train in
                if !keepsIndex, train.sources[ViewIndex.sourceName] != nil { return }
                let raw = RawMessage(frames: encoder.encode(train), receivedAt: Date().timeIntervalSince1970)
                _ = results.tryAppend(raw, train: train)
            }
        }

        /// Counters for the status lines, e.g. `; input recorded 12 (3.20 GB), refused 1; results recorded 12`.
        var statusSuffix: String {
            var text = ""
            for (name, recorder) in [("input", input), ("results", results)] {
                guard let s = recorder?.statistics.snapshot else { continue }
                text += "; \(name) recorded \(s.messages) (" + String(format: "%.2f GB", Double(s.messageBytes) / 1e9) + ")"
                if s.refused > 0 { text += ", refused \(s.refused)" }
                if s.skippedMessages > 0 { text += ", skipped \(s.skippedMessages)" }
            }
            return text
        }

        /// Writes what is queued and closes the files; prints one line per recording.
        /// Failures are printed and reported as false.
        func close() async -> Bool {
            var ok = true
            for (name, recorder) in [("input", input), ("results", results)] {
                guard let recorder else { continue }
                do {
                    let summary = try await recorder.close()
                    let s = summary.statistics
                    printLine("\(name) recording: \(s.messages) messages, "
                          + String(format: "%.3f GB", Double(s.messageBytes) / 1e9)
                          + ", refused \(s.refused), \(summary.files.count) files")
                } catch {
                    printError("\(name) recording failed: \(error)")
                    ok = false
                }
            }
            return ok
        }
    }
}
