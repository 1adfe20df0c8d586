import KaraboBridge

/// Something that stores received messages: a raw recording (``RecordingWriter``) or
/// EuXFEL-layout HDF5 files (``HDF5RecordingWriter``).
///
/// Writing happens on the recorder's own thread. `append` suspends while its small queue is
/// full (back-pressure); `tryAppend` never waits and counts what it refuses. Feed messages
/// from one task, in order.
public protocol MessageRecorder: AnyObject, Sendable {
    /// Live counters.
    var statistics: RecordingStatistics { get }
    /// Queues `message` (and its decoded `train`, if it decoded), suspending while the queue is full.
    /// Throws once the recorder failed or was closed.
    func append(_ message: RawMessage, train: Train?) async throws(RecordingError)
    /// Queues `message` if there is room; false (and counted as refused) otherwise.
    func tryAppend(_ message: RawMessage, train: Train?) -> Bool
    /// Queues `message` as it arrived, undecoded, if there is room; false (and counted as
    /// refused) otherwise. Never waits and never decodes: the writer thread decodes it (for its
    /// train ID, or the HDF5 layout). Meant for a bridge client's tap, on its socket thread.
    func tryAppend(arriving message: RawMessage) -> Bool
    /// Writes what is queued, closes the files and reports them.
    func close() async throws(RecordingError) -> RecordingSummary
}

/// What a closed recorder wrote.
public struct RecordingSummary: Sendable {
    /// The files written, in order.
    public var files: [String]
    /// Final counters.
    public var statistics: RecordingStatistics.Snapshot
}
