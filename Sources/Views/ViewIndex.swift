import JSON
import KaraboBridge
import OrderedCollections

/// The index of published and hidden views: kind, operator, stage, inputs, axes, rate, last train.
/// Sent as its own bridge message (source ``ViewIndex/sourceName``) when the graph changes and
/// returned by the control command `{"index": true}`.
public enum ViewIndex {
    /// The source name of index messages.
    public static let sourceName = ResultStream.indexSource

    /// The index as a value: a list with one map per view.
    static func entries(_ graph: ActiveGraph, statistics: OrderedDictionary<String, ViewStatistics>,
                        axes: [String: ViewValue]) -> Value {
        .list(graph.views.map { view in
            let s = statistics[view.name] ?? ViewStatistics()
            var entry: OrderedDictionary<String, Value> = [
                "name": .string(view.name),
                "source": .string(ViewResult.sourceName(view.name)),
                // A kind only known once data flows is reported as seen.
                "kind": .string((view.node.kind == .any ? axes[view.name]?.kind : nil)?.rawValue ?? view.node.kind.rawValue),
                "operator": .string(view.node.spec.name),
                "stage": .string(view.node.stage.rawValue),
                "hidden": .bool(view.node.hidden),
                "version": .int(Int64(view.version)),
                "inputs": .map(OrderedDictionary(uniqueKeysWithValues: view.node.inputs.map { ($0.name, Value.string($0.path.description)) })),
                "params": .map(view.node.parameters.values.mapValues(\.bridgeValue)),
                "rate": .double(s.rate),
                "last_train": s.lastTrain.map { .uint($0) } ?? .none,
                "mean_ms": .double(s.meanSeconds * 1000),
            ]
            if let value = axes[view.name] { entry["axes"] = axesValue(value) }
            if view.node.spec.isFilter {
                entry["filter"] = .bool(true)
                entry["passed"] = .int(Int64(s.passed))
                entry["rejected"] = .int(Int64(s.rejected))
                if s.pulses > 0 { entry["pulses_passed"] = .int(Int64(s.pulsesPassed)); entry["pulses"] = .int(Int64(s.pulses)) }
            }
            if !view.node.definition.when.isEmpty { entry["when"] = .list(view.node.definition.when.map { .string($0) }) }
            return .map(entry)
        })
    }

    static func axesValue(_ value: ViewValue) -> Value {
        func axis(_ a: Axis) -> Value { .map(["label": .string(a.label), "unit": .string(a.unit)]) }
        switch value {
        case let .vector(_, x, v): return .map(["x": axis(x), "value": axis(v)])
        case let .image(_, x, y): return .map(["x": axis(x), "y": axis(y)])
        case let .points(_, _, x, y, _): return .map(["x": axis(x), "y": axis(y)])
        default: return .map([:])
        }
    }

    /// The index as a bridge train (for publishing next to the results), with the run's status
    /// sections (e.g. `ranks`, `inputs`) as further keys beside `views`.
    static func train(_ entries: Value, sections: OrderedDictionary<String, JSONValue> = [:], trainID: UInt64) -> Train {
        let metadata = Metadata(source: sourceName, trainID: trainID, timestamp: nil)
        var data: OrderedDictionary<String, Value> = [ResultStream.indexKey: entries]
        for (key, value) in sections where key != ResultStream.indexKey { data[key] = Value(json: value) }
        return Train(sources: [SourceData(name: sourceName, metadata: metadata, data: data)])
    }
}

extension ParameterValue {
    /// The value as a bridge value.
    var bridgeValue: Value {
        switch self {
        case let .bool(b): return .bool(b)
        case let .int(i): return .int(Int64(i))
        case let .double(d): return .double(d)
        case let .string(s): return .string(s)
        case let .list(items): return .list(items.map(\.bridgeValue))
        }
    }
}
