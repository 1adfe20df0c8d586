import BridgeSockets
import Foundation
import Handoff
import Synchronization

/// Replays a raw recording or HDF5 data through a ``BridgeServer``.
///
/// A dedicated thread reads, selects and (when asked) re-encodes messages; the async
/// ``run(server:progress:)`` loop paces them against a monotonic clock with absolute
/// deadlines and hands them to the server. A raw recording replayed without re-encoding
/// sends frames byte-identical to those recorded.
public final class Replayer: Sendable {
    /// The source path.
    public let path: String
    /// What the source is.
    public let kind: ReplaySourceKind
    /// Messages selected per pass.
    public let count: Int
    /// Train IDs of the first and last selected messages.
    public let firstTrainID: UInt64?
    public let lastTrainID: UInt64?
    public let options: ReplayOptions
    let queue: HandoffQueue<PreparedMessage>
    let stopped = Atomic<Bool>(false)

    private init(path: String, kind: ReplaySourceKind, count: Int, first: UInt64?, last: UInt64?,
                 options: ReplayOptions, queue: HandoffQueue<PreparedMessage>) {
        self.path = path
        self.kind = kind
        self.count = count
        self.firstTrainID = first
        self.lastTrainID = last
        self.options = options
        self.queue = queue
    }

    /// Opens `path` on the replay thread and starts preparing messages.
    public static func open(path: String, options: ReplayOptions = ReplayOptions()) async throws(RecordingError) -> Replayer {
        guard options.stride >= 1 else { throw .invalidArgument("the stride must be at least 1") }
        if case let .rate(hz) = options.pace, !(hz > 0) { throw .invalidArgument("the rate must be positive") }
        let queue = HandoffQueue<PreparedMessage>(capacity: options.queueDepth)
        let opened = Completion<Result<(ReplaySourceKind, [ReplayEntry]), RecordingError>>()
        let thread = Thread {
            let preparer: ReplayPreparer
            do {
                preparer = ReplayPreparer(source: try openReplaySource(path, options: options), options: options)
            } catch let error as RecordingError {
                opened.resolve(.failure(error))
                queue.close()
                return
            } catch {
                opened.resolve(.failure(.notARecording(path: path, reason: "\(error)")))
                queue.close()
                return
            }
            guard !preparer.selected.isEmpty else {
                opened.resolve(.failure(.invalidArgument("\(path): no trains to replay (check --trains, --source)")))
                queue.close()
                return
            }
            opened.resolve(.success((preparer.source.kind, preparer.selected)))
            preparer.run(into: queue)
        }
        thread.name = "replay-reader"
        thread.start()
        let (kind, selected) = try await opened.value().get()
        return Replayer(path: path, kind: kind, count: selected.count, first: selected.first?.trainID,
                        last: selected.last?.trainID, options: options, queue: queue)
    }

    /// Sends messages until the source ends (or, with `loop`, until ``stop()``), calling
    /// `progress` after each message. Returns the final progress.
    @discardableResult
    public func run(server: BridgeServer,
                    progress: @Sendable (ReplayProgress) -> Void = { _ in }) async -> ReplayProgress {
        let clock = ContinuousClock()
        var anchor: ContinuousClock.Instant?
        var state = ReplayProgress(sent: 0, bytes: 0, rate: 0, position: 0, count: count, loop: 0, trainID: nil,
                                   skipped: 0, elapsed: 0)
        var recent: [ContinuousClock.Instant] = []
        let maxLateness = Duration.seconds(1)
        while !stopped.load(ordering: .relaxed), let message = await queue.take() {
            let now = clock.now
            var due: Duration?
            switch options.pace {
            case _ where message.continuesTrain: due = nil
            case .original: due = .seconds(message.paceOffset)
            case let .rate(hz): due = .seconds(Double(state.sent) / hz)
            case .fast: due = nil
            }
            if let due {
                if anchor == nil { anchor = now - due }
                var deadline = anchor! + due
                if now - deadline > maxLateness {
                    // Far behind (a slow client or disk): start the schedule again from here
                    // instead of sending a burst.
                    anchor = now - due
                    deadline = now
                }
                if deadline > now { try? await Task.sleep(until: deadline, clock: clock) }
            } else if anchor == nil {
                anchor = now
            }
            guard !stopped.load(ordering: .relaxed), await server.send(frames: message.frames) else { break }
            let sentAt = clock.now
            state.bytes += message.frames.reduce(0) { $0 + $1.count }
            // The other messages of a split train: sent at once, counted with their train.
            if !message.endsTrain { continue }
            state.sent += 1
            state.position = message.position
            state.loop = message.loop
            state.trainID = message.trainID
            state.skipped = message.skippedBefore
            recent.append(sentAt)
            if recent.count > 50 { recent.removeFirst(recent.count - 50) }
            if recent.count > 1, let first = recent.first {
                state.rate = Double(recent.count - 1) / max((sentAt - first).seconds, 1e-9)
            }
            state.elapsed = (sentAt - (anchor ?? sentAt)).seconds
            progress(state)
        }
        return state
    }

    /// Stops preparing and sending.
    public func stop() {
        stopped.store(true, ordering: .relaxed)
        queue.cancel()
    }

    deinit { queue.cancel() }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
