import Synchronization

/// Running counters of a ``BridgeClient``, safe to read from any thread.
public final class ClientStatistics: Sendable {
    let trains = Atomic<Int>(0)
    let bytes = Atomic<Int>(0)
    let decodeErrors = Atomic<Int>(0)
    let timeouts = Atomic<Int>(0)
    let reconnects = Atomic<Int>(0)
    let dropped = Atomic<Int>(0)
    let discarded = Atomic<Int>(0)

    /// A consistent-enough copy of the counters.
    public struct Snapshot: Sendable, Equatable {
        /// Trains decoded.
        public var trainsReceived: Int
        /// Bytes received (all frames of all messages).
        public var bytesReceived: Int
        /// Messages that failed to decode.
        public var decodeErrors: Int
        /// Receive timeouts.
        public var timeouts: Int
        /// Sockets recreated after a REQ timeout.
        public var reconnects: Int
        /// Trains dropped because the consumer was slower than the stream (newest wins).
        public var dropped: Int
        /// Messages discarded unkept for exceeding the frame-count or byte limit (also counted
        /// in ``decodeErrors``).
        public var discarded: Int = 0
    }

    /// The current values.
    public var snapshot: Snapshot {
        Snapshot(trainsReceived: trains.load(ordering: .relaxed), bytesReceived: bytes.load(ordering: .relaxed),
                 decodeErrors: decodeErrors.load(ordering: .relaxed), timeouts: timeouts.load(ordering: .relaxed),
                 reconnects: reconnects.load(ordering: .relaxed), dropped: dropped.load(ordering: .relaxed),
                 discarded: discarded.load(ordering: .relaxed))
    }
}
