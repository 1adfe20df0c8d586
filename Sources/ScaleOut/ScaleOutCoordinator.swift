import ByteSlices
import Foundation
import MPI
import Pipeline
import Synchronization
import Views
import JSON

/// Rank 0: receives the workers' per-train stage outputs, puts them back into train order, runs
/// the ordered (reduce) stage on its ``ViewRunner`` (which publishes, records and feeds the
/// dashboard), and passes views, reloads and control commands on to every worker.
///
/// State-carrying views run only here. A worker silent for `workerTimeout` (dead or hung) is
/// reported once, marked lost and no longer waited for; the run goes on with the others and
/// ends when every worker is done or lost, when `limit` trains are reduced, or on ``stop()``.
public actor ScaleOutCoordinator {
    /// Tuning of the coordinator.
    public struct Configuration: Sendable {
        /// Results held at most while waiting for an earlier train (default 16 per worker, at least 32).
        public var window: Int
        /// Longest a result waits for an earlier train still in a worker's hands before it is
        /// released anyway (that train is then late).
        public var maxWait: Duration
        /// Silence after which a worker counts as lost.
        public var workerTimeout: Duration
        /// Stop after this many trains reduced.
        public var limit: Int?

        public init(workers: Int, window: Int? = nil, maxWait: Duration = .seconds(5),
                    workerTimeout: Duration = .seconds(3), limit: Int? = nil) {
            self.window = window ?? max(32, 16 * workers)
            self.maxWait = maxWait
            self.workerTimeout = workerTimeout
            self.limit = limit
        }
    }

    /// How the run ended.
    public struct Summary: Sendable {
        public var reduced: Int
        public var late: Int
        public var malformed: Int
        public var lost: [Int]
    }

    let world: MPIWorld
    let runner: ViewRunner
    /// Where reduced trains' results go (publisher, recordings, dashboard), encoded once.
    let pipeline: Pipeline
    let configuration: Configuration
    let log: @Sendable (String) -> Void
    private var window: ReorderWindow
    private var ranks: [Int: RankState] = [:]
    private var reduced = 0
    private var malformed = 0
    private var stopDeadline: ContinuousClock.Instant?
    /// The run is over: results are taken but not published.
    private var draining = false
    private var ticks = 0
    /// Ranks commands are no longer sent to.
    private let silent = RankSet()

    public init(world: MPIWorld, pipeline: Pipeline, configuration: Configuration, log: @escaping @Sendable (String) -> Void) {
        self.pipeline = pipeline
        let runner = pipeline.runner
        self.world = world
        self.runner = runner
        self.configuration = configuration
        self.log = log
        self.window = ReorderWindow(capacity: configuration.window, maxWait: configuration.maxWait)
        let now = ContinuousClock.now
        for r in 1..<max(1, world.size) { ranks[r] = RankState(rank: r, lastHeard: now) }
    }

    /// Sends the views (the file's text) to every worker and forwards every later successful
    /// control command that changes views.
    public func start(viewsText: String) async {
        broadcast(kind: "r", text: viewsText)
        let world = self.world, silent = self.silent
        await runner.observeCommands { command in
            guard command.changesViews else { return }
            let bytes = Array("c".utf8) + Array(command.json.text.utf8)
            let skip = silent.ranks.withLock { $0 }
            for r in 1..<world.size where !skip.contains(r) { world.send(bytes, to: r, tag: ScaleOutTag.control.rawValue) }
        }
    }

    /// Passes a reloaded views file on to every worker (after rank 0 accepted it).
    public func reload(viewsText: String) { broadcast(kind: "r", text: viewsText) }

    nonisolated func broadcast(kind: Character, text: String) {
        let bytes = Array(String(kind).utf8) + Array(text.utf8)
        let skip = silent.ranks.withLock { $0 }
        for r in 1..<world.size where !skip.contains(r) { world.send(bytes, to: r, tag: ScaleOutTag.control.rawValue) }
    }

    /// Asks every worker to stop; the run ends once they are done, or `within` later (on a
    /// signal from the launcher keep it short: Open MPI kills the ranks 1 s after its SIGTERM).
    public func stop(within: Duration = .seconds(2)) {
        guard stopDeadline == nil else { return }
        stopDeadline = ContinuousClock.now + within
        let skip = silent.ranks.withLock { $0 }
        for r in 1..<world.size where !skip.contains(r) { world.send([], to: r, tag: ScaleOutTag.stop.rawValue) }
    }

    /// Per-rank states.
    public var rankStates: [RankState] { ranks.keys.sorted().compactMap { ranks[$0] } }

    /// `ranks 1: running 40 trains, busy 85%, queue 1 | 2: …, late 0`.
    public var statusLine: String {
        "ranks " + rankStates.map(\.line).joined(separator: " | ") + ", held \(window.count), late \(window.late)"
    }

    /// Per-rank counters for the control socket's `status` reply.
    var ranksJSON: JSONValue {
        .array(rankStates.map { r in
            .object(["rank": .int(Int64(r.rank)), "phase": .string(r.phase.rawValue), "trains": .int(Int64(r.results)),
                     "busy": .double(r.status?.busyFraction ?? 0), "queued": .int(Int64(r.status?.queued ?? 0)),
                     "dropped": .int(Int64(r.status?.dropped ?? 0))])
        })
    }

    private enum Input: Sendable {
        case event(MPIEvent)
        case tick
    }

    /// Runs until the workers are done or lost, the limit is reached, or ``stop()`` was called.
    public func run() async -> Summary {
        let (inputs, continuation) = AsyncStream<Input>.makeStream()
        let forward = Task { [world] in
            for await e in world.events { continuation.yield(.event(e)) }
            continuation.finish()
        }
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
                continuation.yield(.tick)
            }
        }
        defer { forward.cancel(); ticker.cancel() }
        var iterator = inputs.makeAsyncIterator()
        while let input = await iterator.next() {
            let now = ContinuousClock.now
            switch input {
            case let .event(.message(m)): await receive(m, now: now)
            case let .event(.error(e)): log("rank 0: \(e)")
            case .tick:
                checkSilence(now: now)
                ticks += 1
                if ticks % 5 == 0 { await runner.setStatusEntry("ranks", ranksJSON) }
            }
            if await releaseAndCheckFinished(now: now) { break }
        }
        // Workers told to stop finish the train in hand and say done; their last messages are
        // taken (so their sends complete and they can finalise) but no longer published.
        draining = true
        let deadline = min(ContinuousClock.now + .seconds(3), stopDeadline ?? ContinuousClock.now + .seconds(3))
        while ranks.values.contains(where: { $0.phase == .starting || $0.phase == .running }), ContinuousClock.now < deadline,
              let input = await iterator.next() {
            let now = ContinuousClock.now
            switch input {
            case let .event(.message(m)): await receive(m, now: now)
            case let .event(.error(e)): log("rank 0: \(e)")
            case .tick: checkSilence(now: now)
            }
        }
        return Summary(reduced: reduced, late: window.late, malformed: malformed,
                       lost: ranks.values.filter { $0.phase == .lost }.map(\.rank).sorted())
    }

    private func receive(_ m: MPIMessage, now: ContinuousClock.Instant) async {
        guard var state = ranks[m.source] else { return }
        if state.phase == .lost {
            log("rank 0: worker rank \(m.source) is heard from again; its results are still taken, in order")
            silent.ranks.withLock { _ = $0.remove(m.source) }
        }
        state.lastHeard = now
        if state.phase != .done { state.phase = .running }
        switch ScaleOutTag(rawValue: m.tag) {
        case .result:
            do {
                let (output, _) = try StageOutputCodec.decode(m.bytes)
                state.results += 1
                state.hand = .unknown(after: output.trainID)
                if !draining { _ = window.insert(output, now: now) }
            } catch {
                malformed += 1
                log("rank 0: a result from rank \(m.source) is unreadable: \(error)")
            }
        case .took:
            if m.bytes.count == 8 {
                state.hand = .inHand(m.bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) })
            }
        case .idle:
            state.hand = .idle
        case .status:
            if let s = WorkerStatus.decode(m.bytes.bytes) { state.status = s }
        case .done:
            if let s = WorkerStatus.decode(m.bytes.bytes) { state.status = s }
            state.phase = .done
            // A done worker is finalising MPI: nothing more is sent to it.
            silent.ranks.withLock { _ = $0.insert(m.source) }
        default:
            log("rank 0: unexpected message tag \(m.tag) from rank \(m.source)")
        }
        ranks[m.source] = state
    }

    private func checkSilence(now: ContinuousClock.Instant) {
        for (r, s) in ranks where s.phase == .starting || s.phase == .running {
            let quiet = now - s.lastHeard
            if quiet >= configuration.workerTimeout {
                ranks[r]?.phase = .lost
                silent.ranks.withLock { _ = $0.insert(r) }
                log("rank 0: worker rank \(r) lost: nothing heard for \(ScaleOutWorker.seconds(quiet).formatted(.number.precision(.fractionLength(1)))) s (dead or hung); going on with the other workers")
            }
        }
    }

    /// Reduces what the window releases; true when the run is over.
    private func releaseAndCheckFinished(now: ContinuousClock.Instant) async -> Bool {
        let running = ranks.values.filter { $0.phase == .starting || $0.phase == .running }
        let stopping = stopDeadline.map { now >= $0 } ?? false
        let over = running.isEmpty || stopping
        let bound = running.compactMap(\.bound).min()
        for output in window.release(before: bound, now: now, flush: over) {
            if let limit = configuration.limit, reduced >= limit { break }
            await pipeline.reduce(output)
            reduced += 1
        }
        if let limit = configuration.limit, reduced >= limit {
            if stopDeadline == nil { stop() }
            return true
        }
        return over
    }
}

/// A set of ranks shared with the command observer.
final class RankSet: Sendable {
    let ranks = Mutex<Set<Int>>([])
}
