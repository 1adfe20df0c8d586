/// The per-train stage's result for one train: what the ordered stage needs to finish it.
///
/// It holds the outcomes of the per-train views and the train values that `reduce` views read
/// directly, so the ordered stage no longer needs the train (a later step ships these between
/// processes).
public struct StageOutput: Sendable {
    /// The train ID (0 when the train had none).
    public var trainID: UInt64
    /// The train's timestamp.
    public var timestamp: Double?
    /// Records of the per-train views, in graph order.
    public var records: [ViewRecord]
    /// Train values read directly by `reduce` views (absent paths are left out).
    public var trainInputs: [InputPath: ViewValue]

    public init(trainID: UInt64, timestamp: Double?, records: [ViewRecord], trainInputs: [InputPath: ViewValue]) {
        self.trainID = trainID
        self.timestamp = timestamp
        self.records = records
        self.trainInputs = trainInputs
    }
}
