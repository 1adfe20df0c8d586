import OrderedCollections
import Views
import JSON

extension ControlCommand {
    /// The command as the control socket's JSON (the inverse of `ControlCommand(json:)`).
    var json: JSONValue {
        switch self {
        case .index: return .object(["index": .bool(true)])
        case .status: return .object(["status": .bool(true)])
        case let .set(view, parameters):
            return .object(["set": .object(["view": .string(view), "params": .object(parameters.mapValues(\.json))])])
        case let .reset(view): return .object(["reset": .object(["view": .string(view)])])
        case let .action(view, action, arguments):
            var body: OrderedDictionary<String, JSONValue> = ["view": .string(view), "action": .string(action)]
            for (k, v) in arguments.sorted(by: { $0.key < $1.key }) { body[k] = v.json }
            return .object(["action": .object(body)])
        }
    }

    /// Whether the command changes the graph or a view's state, so every rank must apply it.
    var changesViews: Bool {
        switch self {
        case .index, .status: return false
        case .set, .reset, .action: return true
        }
    }
}

extension ParameterValue {
    var json: JSONValue {
        switch self {
        case let .bool(b): return .bool(b)
        case let .int(i): return .int(Int64(i))
        case let .double(d): return .double(d)
        case let .string(s): return .string(s)
        case let .list(items): return .array(items.map(\.json))
        }
    }
}
