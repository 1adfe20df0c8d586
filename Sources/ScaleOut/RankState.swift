/// What the coordinator knows about one worker rank.
public struct RankState: Sendable {
    /// Where the worker is in its life.
    public enum Phase: String, Sendable {
        /// No message yet.
        case starting
        /// Sending results and heartbeats.
        case running
        /// Its input ended or it was told to stop, and it said so.
        case done
        /// Silent for longer than the worker timeout (dead or hung): no longer waited for.
        case lost
    }

    public var rank: Int
    public var phase: Phase = .starting
    /// Its last status message.
    public var status: WorkerStatus?
    /// Results received from it.
    public var results = 0
    /// When it was last heard from.
    var lastHeard: ContinuousClock.Instant
    /// What it is doing, as far as the ordering is concerned.
    var hand: Hand = .unknown(after: nil)

    /// Which trains a worker may still send.
    enum Hand: Sendable {
        /// It has train T in hand: T or later.
        case inHand(UInt64)
        /// It sent its last result (for the ID given) and has not said what comes next: anything later.
        case unknown(after: UInt64?)
        /// Its input queue is empty: only trains newer than any taken so far.
        case idle
    }

    /// The smallest train ID it may still send (nil: none that is already in the pipeline).
    var bound: UInt64? {
        switch hand {
        case let .inHand(t): return t
        case let .unknown(after): return after.map { $0 + 1 } ?? 0
        case .idle: return nil
        }
    }

    /// `2: running 41 trains, busy 87%, queue 1, dropped 0`.
    public var line: String {
        var text = "\(rank): \(phase.rawValue) \(results) trains"
        if let s = status {
            text += ", busy \(Int((s.busyFraction * 100).rounded()))%, queue \(s.queued)"
            if s.dropped > 0 { text += ", dropped \(s.dropped)" }
        }
        return text
    }
}
