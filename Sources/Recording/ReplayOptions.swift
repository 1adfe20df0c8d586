import KaraboBridge

/// How ``Replayer`` sends a recording.
public struct ReplayOptions: Sendable {
    /// When trains go out.
    public enum Pace: Sendable, Equatable {
        /// Reproduce the recorded timing (receive times; for HDF5, `INDEX/timestamp` or
        /// 100 ms per train ID step).
        case original
        /// A fixed rate, trains per second.
        case rate(Double)
        /// As fast as the socket takes them.
        case fast
    }

    /// When trains go out.
    public var pace: Pace
    /// Start again at the end, forever.
    public var loop: Bool
    /// With `loop`, shift train IDs by one recording span per pass so they keep increasing
    /// (as EXtra-foam's streamer does) instead of repeating.
    public var fakeTrainIDs: Bool
    /// Only trains with IDs in this range (nil: all).
    public var firstTrain: UInt64?
    public var lastTrain: UInt64?
    /// Send every `stride`-th selected train.
    public var stride: Int
    /// Only sources matching this pattern (re-encodes raw recordings).
    public var sourceGlob: Glob
    /// Only keys matching this pattern (re-encodes raw recordings).
    public var keyGlob: Glob
    /// Re-encode with this protocol (nil: raw recordings go out byte-identical, HDF5 as 2.2).
    public var protocolVersion: ProtocolVersion?
    /// Add `timestamp`, `timestamp.sec`, `timestamp.frac` (the time of sending) to metadata that lacks them.
    public var dummyTimestamps: Bool
    /// Check each raw record's checksum before sending it.
    public var verify: Bool
    /// Trains prepared ahead of the sender.
    public var queueDepth: Int
    /// The order of sources within messages (as recorded, shuffled per train, one message per source).
    public var sourceOrder: SourceOrder = .asRecorded

    /// How sources are laid out in the messages sent.
    public enum SourceOrder: Sendable, Equatable {
        /// As recorded (HDF5: by name).
        case asRecorded
        /// A different order in every train (deterministic from the seed); protocol 2.2 only.
        case shuffled(seed: UInt64)
        /// Each source in its own message, one after the other (a train's messages are paced as one).
        case split
    }

    public init(pace: Pace = .original, loop: Bool = false, fakeTrainIDs: Bool = false, firstTrain: UInt64? = nil,
                lastTrain: UInt64? = nil, stride: Int = 1, sourceGlob: Glob = Glob("*"), keyGlob: Glob = Glob("*"),
                protocolVersion: ProtocolVersion? = nil, dummyTimestamps: Bool = false, verify: Bool = true,
                queueDepth: Int = 2) {
        self.pace = pace
        self.loop = loop
        self.fakeTrainIDs = fakeTrainIDs
        self.firstTrain = firstTrain
        self.lastTrain = lastTrain
        self.stride = stride
        self.sourceGlob = sourceGlob
        self.keyGlob = keyGlob
        self.protocolVersion = protocolVersion
        self.dummyTimestamps = dummyTimestamps
        self.verify = verify
        self.queueDepth = queueDepth
    }

    /// Whether raw frames must be decoded and encoded again (anything but a plain replay).
    var needsReencoding: Bool {
        protocolVersion != nil || dummyTimestamps || (loop && fakeTrainIDs) || sourceOrder != .asRecorded
            || sourceGlob.pattern != "*" || keyGlob.pattern != "*"
    }

    /// Whether a train ID passes the `firstTrain`/`lastTrain` selection.
    func selects(_ trainID: UInt64?) -> Bool {
        if firstTrain == nil && lastTrain == nil { return true }
        guard let trainID else { return false }
        return trainID >= (firstTrain ?? 0) && trainID <= (lastTrain ?? .max)
    }
}
