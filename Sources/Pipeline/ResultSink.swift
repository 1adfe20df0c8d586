import ByteSlices
import KaraboBridge

/// One outgoing message of a run: the index when the graph changed, or one train's results.
///
/// The message is encoded **once**, in the published protocol, before it reaches any sink: the
/// publisher sends these frames, the raw recorder stores them, and sinks that want values (the
/// dashboard, HDF5 recordings) read the decoded `train` beside them.
public struct ResultMessage: Sendable {
    /// The message as values.
    public let train: Train
    /// The message as published (zero-copy slices of the encoder's buffers).
    public let frames: [ByteSlice]
    /// Unix time at which it was encoded.
    public let encodedAt: Double
    /// Whether this is an index message (source ``ResultStream/indexSource``).
    public var isIndex: Bool { train.sources[ResultStream.indexSource] != nil }

    public init(train: Train, frames: [ByteSlice], encodedAt: Double) {
        self.train = train
        self.frames = frames
        self.encodedAt = encodedAt
    }
}

/// Where a run's results go: the publisher, recorders, the dashboard.
///
/// A sink takes every outgoing message in order from the pipeline's processing task and must
/// never hold it up: one that cannot keep up drops and counts, as the publisher does when no
/// reader is ready.
public protocol ResultSink: Sendable {
    /// Takes one message (without waiting on a slow reader or disk).
    func accept(_ message: ResultMessage) async
    /// Counters for the status line, e.g. `; results recorded 12 (0.02 GB)`; empty for none.
    var statusSuffix: String { get }
    /// Flushes and closes after the last message.
    func close() async -> SinkReport
}

/// How closing a sink went: a line for the user (e.g. what a recording holds) and whether it failed.
public struct SinkReport: Sendable {
    /// False when the sink lost data (e.g. a recording could not be completed).
    public var ok: Bool
    /// What to tell the user, if anything.
    public var line: String?

    public init(ok: Bool = true, line: String? = nil) {
        self.ok = ok
        self.line = line
    }
}

extension ResultSink {
    public var statusSuffix: String { "" }
}
