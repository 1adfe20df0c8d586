import ByteSlices
import Foundation
import Handoff
import KaraboBridge
import Synchronization

/// Writes a raw recording: every message bit-exact (all frames, in order) with its receive
/// time, into append-only segment files in a directory (`docs/recording-format.md`).
///
/// All file I/O runs on the writer's own thread. Segments rotate when the next record would
/// make the current one larger than ``RawRecordingOptions/maxFileBytes``. After a crash (even
/// SIGKILL) every record written completely reads back; a torn last record is detected by
/// its checksum and ignored.
public final class RecordingWriter: MessageRecorder {
    /// The recording's directory.
    public let directory: String
    public let statistics = RecordingStatistics()
    let options: RawRecordingOptions
    let queue: HandoffQueue<RecordJob>
    let failure = Mutex<RecordingError?>(nil)
    let finished = Completion<[String]>()

    private init(directory: String, options: RawRecordingOptions) {
        self.directory = directory
        self.options = options
        self.queue = HandoffQueue(capacity: options.queueDepth)
    }

    /// Creates the directory (which must not hold a recording yet), starts the writer thread
    /// and opens the first segment.
    public static func create(directory: String, options: RawRecordingOptions = RawRecordingOptions())
        async throws(RecordingError) -> RecordingWriter {
        guard options.maxFileBytes > 0 else { throw .invalidArgument("the file size limit must be positive") }
        let writer = RecordingWriter(directory: directory, options: options)
        let ready = Completion<RecordingError?>()
        let thread = Thread { writer.run(ready: ready) }
        thread.name = "recording-writer"
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
        var files: [String] = []
        var segment: SegmentWriter
        let recordingID = Self.randomID()
        do {
            try Self.prepare(directory)
            segment = try openSegment(0, recordingID: recordingID)
            files.append(segment.file.path)
        } catch {
            ready.resolve(error)
            finished.resolve([])
            return
        }
        ready.resolve(nil)
        var gaps = TrainGapCounter()
        var lastSync = ContinuousClock.now
        while var job = queue.takeBlocking() {
            job.decodeIfNeeded(keepTrain: false)
            do {
                let length = RecordHeader(frameLengths: job.frames.map(\.count), trainID: nil,
                                          receivedAtNanoseconds: 0, flags: []).totalLength
                if segment.records > 0 && segment.size + length > options.maxFileBytes {
                    if options.syncInterval != nil { try segment.sync() }
                    segment.close()
                    segment = try openSegment(segment.header.number + 1, recordingID: recordingID)
                    files.append(segment.file.path)
                }
                let written = try segment.append(frames: job.frames, trainID: job.trainID,
                                                 receivedAtNanoseconds: job.receivedAtNanoseconds, flags: job.flags)
                statistics.writtenBytes.add(written + RecordFormat.indexEntrySize, ordering: .relaxed)
                statistics.count(message: job.byteCount, trainID: job.trainID, gaps: &gaps)
                if let interval = options.syncInterval, ContinuousClock.now - lastSync >= .seconds(interval) {
                    try segment.sync()
                    lastSync = ContinuousClock.now
                }
            } catch {
                failure.withLock { if $0 == nil { $0 = error } }
                queue.cancel()
                break
            }
        }
        if options.syncInterval != nil {
            do { try segment.sync() } catch { failure.withLock { if $0 == nil { $0 = error } } }
        }
        segment.close()
        finished.resolve(files)
    }

    private func openSegment(_ number: Int, recordingID: [UInt8]) throws(RecordingError) -> SegmentWriter {
        let header = SegmentHeader(number: number, createdNanoseconds: Self.nowNanoseconds(),
                                   recordingID: recordingID, json: options.descriptionJSON())
        let segment = try SegmentWriter(directory: directory, header: header)
        statistics.files.add(1, ordering: .relaxed)
        statistics.writtenBytes.add(segment.size + RecordFormat.indexHeaderSize, ordering: .relaxed)
        return segment
    }

    /// Creates the directory if needed; refuses one that already holds segments.
    static func prepare(_ directory: String) throws(RecordingError) {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(operation: "create directory", path: directory, errno: Int32((error as NSError).code))
        }
        let existing = (try? fm.contentsOfDirectory(atPath: directory)) ?? []
        if existing.contains(where: { $0.hasSuffix("." + RecordFormat.segmentExtension) }) {
            throw .invalidArgument("\(directory) already holds a recording; choose a new directory")
        }
    }

    static func randomID() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    static func nowNanoseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1e9).rounded())
    }
}

/// One message waiting for the writer thread.
struct RecordJob: Sendable {
    let frames: [ByteSlice]
    private(set) var trainID: UInt64?
    let receivedAtNanoseconds: Int64
    private(set) var flags: RecordFlags
    let byteCount: Int
    /// The decoded train (used by the HDF5 writer; nil for messages that did not decode).
    private(set) var train: Train?
    /// True until the writer thread decoded a message queued undecoded.
    private(set) var needsDecoding = false

    init(_ message: RawMessage, train: Train?) {
        frames = message.frames
        trainID = train?.trainID
        receivedAtNanoseconds = Int64((message.receivedAt * 1e9).rounded())
        flags = train == nil ? [.undecodable] : []
        byteCount = message.byteCount
        self.train = train
    }

    /// A message queued as it arrived, decoded later by the writer thread.
    init(undecoded message: RawMessage) {
        self.init(message, train: nil)
        needsDecoding = true
    }

    /// Decodes a message queued undecoded (on the writer thread): sets its train ID and flags,
    /// and keeps the train when `keepTrain` (the HDF5 writer needs it; the raw one only needs the ID).
    mutating func decodeIfNeeded(keepTrain: Bool) {
        guard needsDecoding else { return }
        needsDecoding = false
        guard let decoded = try? BridgeDecoder().decode(frames) else { return }
        trainID = decoded.trainID
        flags = []
        if keepTrain { train = decoded }
    }
}
