import Foundation
import Handoff
import HDF5
import KaraboBridge
import Synchronization

/// Writes received trains as European XFEL HDF5 files (a run directory that
/// `extra_data.RunDirectory` opens), one HDF5 writer thread doing every HDF5 call.
///
/// Detector arrays go to disk straight from the received buffers with direct chunk writes
/// (one train per chunk). A new sequence file starts when the current one reaches
/// ``HDF5RecordingOptions/maxFileBytes`` or when a train's keys, types or shapes differ
/// from those the file holds. A file is complete once closed: for crash-safe recording use
/// the raw format and convert afterwards.
public final class HDF5RecordingWriter: MessageRecorder {
    /// The output directory.
    public let directory: String
    public let statistics = RecordingStatistics()
    let options: HDF5RecordingOptions
    let queue: HandoffQueue<RecordJob>
    let failure = Mutex<RecordingError?>(nil)
    let finished = Completion<[String]>()

    private init(directory: String, options: HDF5RecordingOptions) {
        self.directory = directory
        self.options = options
        queue = HandoffQueue(capacity: options.queueDepth)
    }

    /// Creates the directory (which must not hold `.h5` files yet) and starts the writer thread.
    public static func create(directory: String, options: HDF5RecordingOptions = HDF5RecordingOptions())
        async throws(RecordingError) -> HDF5RecordingWriter {
        guard options.maxFileBytes > 0 else { throw .invalidArgument("the file size limit must be positive") }
        let writer = HDF5RecordingWriter(directory: directory, options: options)
        let ready = Completion<RecordingError?>()
        let thread = Thread { writer.run(ready: ready) }
        thread.name = "hdf5-writer"
        thread.start()
        if let error = await ready.value() { throw error }
        return writer
    }

    public func append(_ message: RawMessage, train: Train?) async throws(RecordingError) {
        if let error = failure.withLock({ $0 }) { throw error }
        guard await queue.put(RecordJob(message, train: train)) else {
            throw failure.withLock({ $0 }) ?? .closed
        }
    }

    public func tryAppend(_ message: RawMessage, train: Train?) -> Bool {
        if queue.tryPut(RecordJob(message, train: train)) { return true }
        statistics.refused.add(1, ordering: .relaxed)
        return false
    }

    public func tryAppend(arriving message: RawMessage) -> Bool {
        if queue.tryPut(RecordJob(undecoded: message)) { return true }
        statistics.refused.add(1, ordering: .relaxed)
        return false
    }

    public func close() async throws(RecordingError) -> RecordingSummary {
        queue.close()
        let files = await finished.value()
        if let error = failure.withLock({ $0 }) { throw error }
        return RecordingSummary(files: files, statistics: statistics.snapshot)
    }

    deinit { queue.close() }

    // MARK: The writer thread

    private func run(ready: Completion<RecordingError?>) {
        do {
            try Self.prepare(directory)
        } catch {
            ready.resolve(error)
            finished.resolve([])
            return
        }
        ready.resolve(nil)
        var files: [String] = []
        var current: EuXFELFileWriter?
        var sequence = 0
        var gaps = TrainGapCounter()
        func open() throws(HDF5Error) -> EuXFELFileWriter {
            let writer = try EuXFELFileWriter(path: directory + "/" + options.fileName(sequence: sequence),
                                              sequence: sequence, runNumber: options.runNumber)
            sequence += 1
            files.append(writer.path)
            statistics.files.add(1, ordering: .relaxed)
            return writer
        }
        do throws(HDF5Error) {
            while var job = queue.takeBlocking() {
                job.decodeIfNeeded(keepTrain: true)
                guard let train = job.train else {
                    statistics.skippedMessages.add(1, ordering: .relaxed)
                    continue
                }
                let receivedAt = Double(job.receivedAtNanoseconds) / 1e9
                var writer: EuXFELFileWriter
                if let current { writer = current } else { writer = try open() }
                current = writer
                var skipped = 0
                let before = writer.bytesWritten
                var outcome = try writer.append(train, receivedAt: receivedAt, skipped: &skipped)
                if case .schemaChanged = outcome, writer.trainCount > 0 {
                    try writer.close()
                    writer = try open()
                    current = writer
                    skipped = 0
                    outcome = try writer.append(train, receivedAt: receivedAt, skipped: &skipped)
                }
                guard outcome == .appended else {
                    statistics.skippedMessages.add(1, ordering: .relaxed)
                    continue
                }
                statistics.skippedValues.add(skipped, ordering: .relaxed)
                statistics.writtenBytes.add(max(0, writer.bytesWritten - before), ordering: .relaxed)
                statistics.count(message: job.byteCount, trainID: job.trainID, gaps: &gaps)
                if writer.bytesWritten >= options.maxFileBytes {
                    try writer.close()
                    current = nil
                }
            }
            try current?.close()
        } catch {
            failure.withLock { if $0 == nil { $0 = .hdf5(error.description) } }
            queue.cancel()
        }
        finished.resolve(files)
    }

    /// Creates the directory if needed; refuses one that already holds `.h5` files.
    static func prepare(_ directory: String) throws(RecordingError) {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(operation: "create directory", path: directory, errno: Int32((error as NSError).code))
        }
        let existing = (try? fm.contentsOfDirectory(atPath: directory)) ?? []
        if existing.contains(where: { $0.hasSuffix(".h5") }) {
            throw .invalidArgument("\(directory) already holds HDF5 files; choose a new directory")
        }
    }
}
