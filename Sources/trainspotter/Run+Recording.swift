import ArgumentParser
import BridgeSockets
import CommandSupport
import Foundation
import KaraboBridge
import Pipeline
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

        /// The recording asked for at `path`, if any.
        func request(_ path: String?, queueDepth: Int) -> RecordingRequest? {
            path.map {
                RecordingRequest(directory: $0, format: recordFormat == .raw ? .raw : .hdf5,
                                 maxFileBytes: Int(recordMaxFileSize * 1_000_000), queueDepth: queueDepth)
            }
        }
    }

    /// Turns the first SIGINT/SIGTERM into a graceful stop of the session (at once if it comes
    /// before the session exists) and remembers which signal it was.
    final class StopRequest: Sendable {
        private let state = Mutex<(signal: Int32?, session: RunSession?)>((nil, nil))

        /// The signal that stopped the run, if any.
        var signal: Int32? { state.withLock { $0.signal } }

        func request(_ number: Int32) {
            let session = state.withLock { s -> RunSession? in
                s.signal = s.signal ?? number
                return s.session
            }
            session?.stop()
        }

        func attach(_ session: RunSession) {
            let stopNow = state.withLock { s -> Bool in
                s.session = session
                return s.signal != nil
            }
            if stopNow { session.stop() }
        }
    }
}
