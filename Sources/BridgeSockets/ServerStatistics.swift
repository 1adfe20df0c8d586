import Synchronization

/// Running counters of a ``BridgeServer``.
public final class ServerStatistics: Sendable {
    let trains = Atomic<Int>(0)
    let bytes = Atomic<Int>(0)
    let badRequests = Atomic<Int>(0)

    /// A copy of the counters.
    public struct Snapshot: Sendable, Equatable {
        /// Messages sent.
        public var messagesSent: Int
        /// Bytes sent.
        public var bytesSent: Int
        /// REP requests other than `next` (answered with an error reply).
        public var badRequests: Int
    }

    /// The current values.
    public var snapshot: Snapshot {
        Snapshot(messagesSent: trains.load(ordering: .relaxed), bytesSent: bytes.load(ordering: .relaxed),
                 badRequests: badRequests.load(ordering: .relaxed))
    }
}
