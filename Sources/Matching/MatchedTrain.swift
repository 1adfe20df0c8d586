import KaraboBridge

/// A train put together by a ``TrainMatcher``: every source carries this train ID.
public struct MatchedTrain: Sendable {
    /// The sources, in arrival order; ``Train/trainID`` is the matched train ID.
    public var train: Train
    /// Expected sources that had not arrived (empty for a complete train).
    public var missing: [String]
    /// Whether the train went out without all expected sources (`--partial`).
    public var isPartial: Bool { !missing.isEmpty }
    /// The inputs the sources came from (indices into the matcher's inputs).
    public var inputs: Set<Int>
}
