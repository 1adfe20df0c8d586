import Foundation
import Handoff
import KaraboBridge

/// Converts a raw recording into European XFEL HDF5 files.
public enum RecordingConverter {
    /// Reads every record of the raw recording at `recording` (on a reader thread), decodes it
    /// and writes the trains into `directory` as an HDF5 run. Messages that are not trains are
    /// counted as skipped. `progress` gets (records done, records in total).
    public static func toHDF5(recording: String, directory: String,
                              options: HDF5RecordingOptions = HDF5RecordingOptions(),
                              progress: @Sendable (Int, Int) -> Void = { _, _ in }) async throws(RecordingError) -> RecordingSummary {
        let queue = HandoffQueue<RecordJob>(capacity: 2)
        let opened = Completion<Result<Int, RecordingError>>()
        let thread = Thread {
            defer { queue.close() }
            let reader: RecordingReader
            do {
                reader = try RecordingReader(path: recording)
            } catch let error as RecordingError {
                opened.resolve(.failure(error))
                return
            } catch {
                opened.resolve(.failure(.notARecording(path: recording, reason: "\(error)")))
                return
            }
            opened.resolve(.success(reader.count))
            for index in 0..<reader.count {
                guard let message = try? reader.message(at: index) else { continue }
                let train = try? BridgeDecoder().decode(message.frames)
                guard queue.putBlocking(RecordJob(message.rawMessage, train: train)) else { return }
            }
        }
        thread.name = "convert-reader"
        thread.start()
        let total = try await opened.value().get()
        let writer = try await HDF5RecordingWriter.create(directory: directory, options: options)
        var done = 0
        while let job = await queue.take() {
            do {
                try await writer.append(RawMessage(frames: job.frames, receivedAt: Double(job.receivedAtNanoseconds) / 1e9),
                                        train: job.train)
            } catch {
                queue.cancel()
                _ = try? await writer.close()
                throw error
            }
            done += 1
            progress(done, total)
        }
        return try await writer.close()
    }
}
