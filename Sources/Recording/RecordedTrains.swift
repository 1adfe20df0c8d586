import Foundation
import Handoff
import KaraboBridge

/// The trains of a raw recording, our HDF5 files or an EuXFEL run directory, read in order on
/// a reader thread (HDF5 calls stay on it) and handed out one by one: decoded raw records
/// (messages that are not trains are skipped), HDF5 trains as `replay` sends them.
public final class RecordedTrains: Sendable {
    /// What the path holds.
    public let kind: ReplaySourceKind
    /// Trains (records) in the source.
    public let count: Int
    /// Seconds on the source's timeline of each train in range (receive times; HDF5:
    /// `INDEX/timestamp`, else 0.1 s per train ID), for its rate.
    public let times: [Double]
    private let queue: HandoffQueue<Train>

    private init(kind: ReplaySourceKind, count: Int, times: [Double], queue: HandoffQueue<Train>) {
        self.kind = kind
        self.count = count
        self.times = times
        self.queue = queue
    }

    /// Trains per second over the source's timeline (nil for fewer than two trains or no time span).
    public var rate: Double? {
        guard times.count > 1, let first = times.first, let last = times.last, last > first else { return nil }
        return Double(times.count - 1) / (last - first)
    }

    /// Opens `path`; with `firstTrain`/`lastTrain` only trains in that range (inclusive) come out.
    public static func open(path: String, firstTrain: UInt64? = nil, lastTrain: UInt64? = nil,
                            readAhead: Int = 2) async throws(RecordingError) -> RecordedTrains {
        let queue = HandoffQueue<Train>(capacity: max(1, readAhead))
        let opened = Completion<Result<(ReplaySourceKind, Int, [Double]), RecordingError>>()
        let options = ReplayOptions(firstTrain: firstTrain, lastTrain: lastTrain)
        let thread = Thread {
            defer { queue.close() }
            let source: any ReplaySource
            do {
                source = try openReplaySource(path, options: options)
            } catch let error as RecordingError {
                opened.resolve(.failure(error))
                return
            } catch {
                opened.resolve(.failure(.notARecording(path: path, reason: "\(error)")))
                return
            }
            let times = source.entries.filter { options.selects($0.trainID) }.map(\.time)
            opened.resolve(.success((source.kind, source.entries.count, times)))
            for entry in source.entries where options.selects(entry.trainID) {
                let train: Train
                switch try? source.load(entry) {
                case let .frames(frames)?:
                    guard let decoded = try? BridgeDecoder().decode(frames) else { continue }
                    train = decoded
                case let .train(built)?:
                    train = built
                case nil:
                    continue
                }
                guard options.selects(train.majorityTrainID ?? train.trainID), queue.putBlocking(train) else {
                    if queue.isClosed { return }
                    continue
                }
            }
        }
        thread.name = "recorded-trains"
        thread.start()
        let (kind, count, times) = try await opened.value().get()
        return RecordedTrains(kind: kind, count: count, times: times, queue: queue)
    }

    /// The next train; nil at the end.
    public func next() async -> Train? { await queue.take() }

    /// Stops reading.
    public func close() { queue.cancel() }

    deinit { queue.cancel() }
}
