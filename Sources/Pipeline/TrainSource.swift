import KaraboBridge

/// Where a run's trains come from: one bridge client today, matched inputs or a worker's share
/// of a stream tomorrow, or trains decoded in memory in a test.
public protocol TrainSource: Sendable {
    /// The trains, in the order they are to be processed.
    associatedtype Trains: AsyncSequence<Train, Never>

    /// The trains; the sequence ends when the source is stopped (after what it holds) or fails.
    func makeTrains() -> Trains
    /// Trains lost before they reached the graph (e.g. a full queue dropping its oldest).
    var droppedTrains: Int { get }
    /// Stops taking input; the sequence ends after the trains already queued.
    func stop()
}

/// Trains given in memory (a list, or any async sequence), e.g. decoded test trains.
public struct ListedTrains<Trains: AsyncSequence<Train, Never> & Sendable>: TrainSource {
    let trains: Trains

    public init(_ trains: Trains) { self.trains = trains }

    public func makeTrains() -> Trains { trains }
    public var droppedTrains: Int { 0 }
    public func stop() {}
}

extension ListedTrains where Trains == AsyncStream<Train> {
    /// The trains of `list`, in order.
    public init(_ list: [Train]) {
        self.init(AsyncStream { continuation in
            for train in list { continuation.yield(train) }
            continuation.finish()
        })
    }
}
