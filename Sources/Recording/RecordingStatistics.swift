import Synchronization

/// Running counters of a recorder, safe to read from any thread.
public final class RecordingStatistics: Sendable {
    let messages = Atomic<Int>(0)
    let messageBytes = Atomic<Int>(0)
    let writtenBytes = Atomic<Int>(0)
    let missingTrains = Atomic<Int>(0)
    let files = Atomic<Int>(0)
    let skippedMessages = Atomic<Int>(0)
    let skippedValues = Atomic<Int>(0)
    let refused = Atomic<Int>(0)
    let lastTrainID = Atomic<UInt64>(0)

    public init() {}

    /// A copy of the counters.
    public struct Snapshot: Sendable, Equatable {
        /// Messages stored.
        public var messages: Int
        /// Bytes of the stored messages' frames.
        public var messageBytes: Int
        /// Bytes written to files (container or HDF5 overhead included where known).
        public var writtenBytes: Int
        /// Train IDs skipped between consecutive messages (PUB drops upstream of us).
        public var missingTrains: Int
        /// Files started.
        public var files: Int
        /// Messages not stored (HDF5: messages that are not decodable trains).
        public var skippedMessages: Int
        /// Values not stored (HDF5: types the EuXFEL layout cannot hold, name clashes).
        public var skippedValues: Int
        /// Messages refused by ``MessageRecorder/tryAppend(_:train:)`` because the queue was full.
        public var refused: Int
        /// The last train ID stored, if any.
        public var lastTrainID: UInt64?
    }

    /// The current values.
    public var snapshot: Snapshot {
        let last = lastTrainID.load(ordering: .relaxed)
        return Snapshot(messages: messages.load(ordering: .relaxed), messageBytes: messageBytes.load(ordering: .relaxed),
                        writtenBytes: writtenBytes.load(ordering: .relaxed),
                        missingTrains: missingTrains.load(ordering: .relaxed), files: files.load(ordering: .relaxed),
                        skippedMessages: skippedMessages.load(ordering: .relaxed),
                        skippedValues: skippedValues.load(ordering: .relaxed), refused: refused.load(ordering: .relaxed),
                        lastTrainID: last == 0 ? nil : last)
    }

    /// Counts a stored message and the train IDs missing before it.
    func count(message bytes: Int, trainID: UInt64?, gaps: inout TrainGapCounter) {
        messages.add(1, ordering: .relaxed)
        messageBytes.add(bytes, ordering: .relaxed)
        if let trainID {
            lastTrainID.store(trainID, ordering: .relaxed)
        }
        let missing = gaps.record(trainID)
        if missing > 0 { missingTrains.add(missing, ordering: .relaxed) }
    }
}

/// Counts train IDs skipped between consecutive messages (PUB drops, REQ pacing).
public struct TrainGapCounter: Sendable {
    private var last: UInt64?

    public init() {}

    /// Records `trainID`; returns how many IDs were skipped since the previous one
    /// (0 for the first, for repeats and for IDs going back).
    public mutating func record(_ trainID: UInt64?) -> Int {
        guard let trainID else { return 0 }
        defer { last = trainID }
        guard let last, trainID > last + 1 else { return 0 }
        return Int(min(trainID - last - 1, UInt64(Int.max)))
    }
}
