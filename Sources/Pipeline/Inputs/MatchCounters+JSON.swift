import JSON
import Matching
import OrderedCollections

extension MatchCounters {
    /// The counters as the index's and the `status` reply's `inputs` section.
    public var json: JSONValue {
        func id(_ value: UInt64?) -> JSONValue { value.map { .int(Int64(truncatingIfNeeded: $0)) } ?? .null }
        let inputs: [JSONValue] = inputs.map { input in
            .object(["name": .string(input.name), "messages": .int(Int64(input.messages)), "rate": .double(input.rate),
                     "last_train_id": id(input.lastTrainID), "idle": input.idle.map(JSONValue.double) ?? .null,
                     "ended": .bool(input.ended)])
        }
        let sources: [JSONValue] = sources.map { source in
            .object(["name": .string(source.name), "arrivals": .int(Int64(source.arrivals)), "last_train_id": id(source.lastTrainID),
                     "lag": .int(source.lag), "max_lag": .int(source.maxLag), "disagreeing": .int(Int64(source.disagreeing))])
        }
        let entry: OrderedDictionary<String, JSONValue> = [
            "matched": .int(Int64(matched)), "partial": .int(Int64(partial)),
            "dropped_timeout": .int(Int64(droppedByTimeout)), "dropped_window": .int(Int64(droppedByWindow)),
            "late": .int(Int64(tooLate)), "disagreeing": .int(Int64(disagreeing)), "duplicates": .int(Int64(duplicates)),
            "without_train_id": .int(Int64(withoutTrainID)), "pending": .int(Int64(pending)), "learning": .bool(learning),
            "expected": .array(expectedSources.map(JSONValue.string)), "inputs": .array(inputs), "sources": .array(sources),
        ]
        return .object(entry)
    }
}
