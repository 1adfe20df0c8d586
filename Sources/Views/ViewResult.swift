import KaraboBridge
import OrderedCollections

/// A published view result: one view's value for one train.
public struct ViewResult: Sendable {
    /// The view's name.
    public var view: String
    /// The train it was computed from.
    public var trainID: UInt64
    /// The train's timestamp.
    public var timestamp: Double?
    /// The view's parameter version.
    public var version: Int
    /// The value.
    public var value: ViewValue
    /// Extra keys published beside the value's own (a cube's `std` and `count`, a filter's `label`).
    public var extras: OrderedDictionary<String, Value> = [:]

    public init(view: String, trainID: UInt64, timestamp: Double?, version: Int, value: ViewValue) {
        self.view = view
        self.trainID = trainID
        self.timestamp = timestamp
        self.version = version
        self.value = value
    }
}

extension TrainReport {
    /// The values of the views that are published (not hidden), as results.
    public func results(in graph: ActiveGraph) -> [ViewResult] {
        records.compactMap { record in
            guard let value = record.outcome.value, let view = graph[record.name], !view.node.hidden else { return nil }
            var result = ViewResult(view: record.name, trainID: trainID, timestamp: timestamp, version: record.version, value: value)
            result.extras = record.extras
            return result
        }
    }
}
