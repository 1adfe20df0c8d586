import Foundation
import KaraboBridge
import Synchronization

/// The newest state of every view, shared by all browser sessions.
///
/// The producer (``ingest(_:receivedAt:)``) only takes a short lock, replaces references and
/// wakes sessions without waiting for them, so however slow a browser is, the monitor never
/// waits for it: each session later reads whatever is newest (newest wins).
final class ResultHub: Sendable {
    /// The source name of index messages in a result stream.
    static let indexSource = ResultStream.indexSource

    struct ViewRecord: Sendable {
        var snapshot: ViewSnapshot
        /// Bumped for every new result (hub-wide counter, so never reused).
        var sequence: UInt64
        var history: HistoryRing
        var arrivals: [Double] = []
        var results = 0

        /// Takes in the view's newest result (`sequence`: the hub-wide counter's new value).
        mutating func update(_ newest: ViewSnapshot, sequence: UInt64, historyCapacity: Int) {
            if snapshot.kind != newest.kind { history = HistoryRing(capacity: historyCapacity) }
            snapshot = newest
            self.sequence = sequence
            results += 1
            arrivals.append(newest.receivedAt)
            if arrivals.count > 20 { arrivals.removeFirst() }
            if newest.kind == "scalar" {
                history.append(trainID: newest.trainID, newest.scalar)
            } else if let p = newest.singlePoint {
                history.append(trainID: newest.trainID, p.x, p.y)
            }
        }

        /// Results per second over the recent arrivals.
        var rate: Double {
            guard arrivals.count > 1, let first = arrivals.first, let last = arrivals.last, last > first else { return 0 }
            return Double(arrivals.count - 1) / (last - first)
        }
    }

    struct State: Sendable {
        var views: [String: ViewRecord] = [:]
        /// View names in order of first appearance.
        var order: [String] = []
        var index: [IndexEntry] = []
        var indexSequence: UInt64 = 0
        /// Whether the index comes from the control (then index messages in the stream are ignored).
        var indexFromControl = false
        var counters: MonitorCounters?
        /// Bumped by the status tick; sessions send a status message when it changes.
        var statusSequence: UInt64 = 0
        var messagesIn = 0
        var resultsIn = 0
        var lastTrainID: UInt64?
        var sequence: UInt64 = 0
        var waiters: [Int: AsyncStream<Void>.Continuation] = [:]
        var nextWaiter = 0
    }

    let state = Mutex(State())
    let historyLength: Int

    init(historyLength: Int) { self.historyLength = historyLength }

    /// Takes in one result message: `view/NAME` sources and index messages; other sources are ignored.
    func ingest(_ train: Train, receivedAt: Double) {
        let wake: [AsyncStream<Void>.Continuation] = state.withLock { s in
            s.messagesIn += 1
            for source in train.sources.values {
                if source.name == Self.indexSource {
                    guard !s.indexFromControl, case let .list(items)? = source[ResultStream.indexKey] else { continue }
                    s.index = items.compactMap(IndexEntry.init(value:))
                    s.indexSequence += 1
                } else if let snapshot = ViewSnapshot(source, trainID: train.trainID, receivedAt: receivedAt) {
                    record(snapshot, in: &s)
                }
            }
            return Array(s.waiters.values)
        }
        for w in wake { w.yield() }
    }

    private func record(_ snapshot: ViewSnapshot, in s: inout State) {
        s.resultsIn += 1
        s.sequence += 1
        s.lastTrainID = max(s.lastTrainID ?? 0, snapshot.trainID)
        let name = snapshot.name
        if s.views[name] == nil {
            s.order.append(name)
            s.views[name] = ViewRecord(snapshot: snapshot, sequence: 0, history: HistoryRing(capacity: historyLength))
        }
        // Changed in place: a copy of the record would copy its history ring on every append.
        let sequence = s.sequence, capacity = historyLength
        s.views[name]!.update(snapshot, sequence: sequence, historyCapacity: capacity)
    }

    /// Replaces the index (from the control); from then on index messages in the stream are ignored.
    func setIndex(_ entries: [IndexEntry]) {
        let wake: [AsyncStream<Void>.Continuation]? = state.withLock { s in
            s.indexFromControl = true
            guard s.index != entries else { return nil }
            s.index = entries
            s.indexSequence += 1
            return Array(s.waiters.values)
        }
        for w in wake ?? [] { w.yield() }
    }

    /// A status tick: new global counters (from the control, if any) for every session.
    func tick(counters: MonitorCounters?) {
        let wake = state.withLock { s in
            s.counters = counters
            s.statusSequence += 1
            return Array(s.waiters.values)
        }
        for w in wake { w.yield() }
    }

    /// Registers a session's wake-up continuation: it is yielded to whenever something may have
    /// changed (the session's stream keeps only the newest wake-up).
    func register(_ continuation: AsyncStream<Void>.Continuation) -> Int {
        let id = state.withLock { s in
            let id = s.nextWaiter
            s.nextWaiter += 1
            s.waiters[id] = continuation
            return id
        }
        continuation.yield()
        return id
    }

    /// Ends a session's wake-ups.
    func unregister(_ id: Int) {
        state.withLock { $0.waiters.removeValue(forKey: id) }?.finish()
    }

    /// Ends every session's wake-ups (server shutdown).
    func finishAll() {
        for w in state.withLock({ s in defer { s.waiters = [:] }; return Array(s.waiters.values) }) { w.finish() }
    }

    /// Number of connected sessions.
    var sessionCount: Int { state.withLock { $0.waiters.count } }

    /// The records of those of `views` that have produced a result.
    func records<S: Sequence<String>>(_ views: S) -> [String: ViewRecord] {
        state.withLock { s in
            var out: [String: ViewRecord] = [:]
            for v in views { if let r = s.views[v] { out[v] = r } }
            return out
        }
    }

    /// The record of `view`, if it has produced a result.
    func record(_ view: String) -> ViewRecord? { state.withLock { $0.views[view] } }
}
