/// How a ``TrainMatcher`` matches sources into trains.
public struct MatchConfiguration: Sendable, Equatable {
    /// Seconds a train may wait for its missing sources after its first source arrived.
    public var timeout: Double
    /// After the timeout (or a window overflow), send the train with the sources present
    /// instead of dropping it.
    public var partial: Bool
    /// Trains held at most; the oldest is completed or dropped first when one more arrives.
    public var window: Int
    /// Expected sources learnt from this many first train IDs (before any train is sent).
    public var learnTrains: Int
    /// Sources that must be present (shell patterns); a train is complete only when each
    /// pattern matches one of its sources, besides every learnt source.
    public var require: [String]
    /// A source whose train ID lies this far behind the last train sent starts matching
    /// afresh (the producer's train IDs were reset, e.g. a restarted simulator).
    public var resetDistance: UInt64

    public init(timeout: Double = 1, partial: Bool = false, window: Int = 32, learnTrains: Int = 5,
                require: [String] = [], resetDistance: UInt64 = 1_000) {
        self.timeout = timeout
        self.partial = partial
        self.window = window
        self.learnTrains = learnTrains
        self.require = require
        self.resetDistance = resetDistance
    }

    /// Why the configuration cannot work, or nil.
    public var problem: String? {
        if !(timeout > 0) { return "the match timeout must be positive (got \(timeout))" }
        if window < 1 { return "the match window must be at least 1 train (got \(window))" }
        if learnTrains < 1 { return "the trains learnt from must be at least 1 (got \(learnTrains))" }
        return nil
    }
}
