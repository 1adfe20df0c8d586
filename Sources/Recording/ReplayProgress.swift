import ByteSlices

/// Where a replay is.
public struct ReplayProgress: Sendable, Equatable {
    /// Messages handed to the server.
    public var sent: Int
    /// Bytes handed to the server.
    public var bytes: Int
    /// Messages per second over the last few seconds.
    public var rate: Double
    /// Position (1-based) of the last message sent among the selected messages of one pass.
    public var position: Int
    /// Selected messages per pass.
    public var count: Int
    /// Pass number (0 for the first).
    public var loop: Int
    /// Train ID of the last message sent (after any rewriting).
    public var trainID: UInt64?
    /// Messages skipped because they could not be read (damaged records, unreadable trains).
    public var skipped: Int
    /// Seconds since the first message went out.
    public var elapsed: Double
}

/// One message ready to send.
struct PreparedMessage: Sendable {
    let frames: [ByteSlice]
    let trainID: UInt64?
    /// Seconds after the first message of the replay at which this one is due (original pace).
    let paceOffset: Double
    let position: Int
    let count: Int
    let loop: Int
    let skippedBefore: Int
    /// Another message of the train sent just before (`split`): not paced, not counted as a train.
    var continuesTrain = false
    /// The last (or only) message of its train: counted and reported once it is sent.
    var endsTrain = true
}
