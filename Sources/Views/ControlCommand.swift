import Foundation
import JSON
import OrderedCollections

/// A command sent to a running graph (over the control socket, as one JSON object).
///
/// - `{"index": true}`: the view index.
/// - `{"status": true}`: the counters.
/// - `{"set": {"view": "roi", "params": {"x": 10}}}`: change parameters; checked like a views
///   file; the view restarts (fresh state, version + 1), the others keep theirs.
/// - `{"reset": {"view": "avg"}}`: restart a view with fresh state.
/// - `{"dark": {"view": "dark", "action": "record", "trains": 20}}`, or generally
///   `{"action": {"view": "dark", "action": "record", …arguments}}`: an operator's own action.
public enum ControlCommand: Sendable, Hashable {
    case index
    case status
    case set(view: String, parameters: OrderedDictionary<String, ParameterValue>)
    case reset(view: String)
    case action(view: String, action: String, arguments: [String: ParameterValue])

    /// Parses one command.
    public init(json: JSONValue) throws(ControlError) {
        guard let object = json.object, object.count == 1, let (verb, body) = object.elements.first else {
            throw ControlError("a command is a JSON object with one key: index, status, set, reset, dark or action")
        }
        func viewName() throws(ControlError) -> String {
            guard let v = body["view"]?.string else { throw ControlError("'\(verb)' needs \"view\": NAME") }
            return v
        }
        switch verb {
        case "index": self = .index
        case "status": self = .status
        case "set":
            let view = try viewName()
            guard let params = body["params"]?.object else { throw ControlError("'set' needs \"params\": {…}") }
            var out = OrderedDictionary<String, ParameterValue>()
            for (k, v) in params {
                guard let p = v.parameter else { throw ControlError("parameter '\(k)' must be a number, string, bool or list") }
                out[k] = p
            }
            self = .set(view: view, parameters: out)
        case "reset": self = .reset(view: try viewName())
        case "dark", "action":
            let view = try viewName()
            guard let action = body["action"]?.string else { throw ControlError("'\(verb)' needs \"action\": NAME") }
            var arguments: [String: ParameterValue] = [:]
            for (k, v) in body.object ?? [:] where k != "view" && k != "action" {
                guard let p = v.parameter else { throw ControlError("argument '\(k)' must be a number, string, bool or list") }
                arguments[k] = p
            }
            self = .action(view: view, action: action, arguments: arguments)
        default:
            throw ControlError("unknown command '\(verb)' (index, status, set, reset, dark, action)")
        }
    }

    /// Parses one command from JSON text.
    public init(text: Data) throws(ControlError) {
        let json: JSONValue
        do { json = try JSONValue.parse(text) } catch { throw ControlError("not JSON: \(error)") }
        try self.init(json: json)
    }
}

/// Why a control command failed.
public struct ControlError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }

    /// The reply `{"ok": false, "error": …}`.
    public var reply: JSONValue { .object(["ok": .bool(false), "error": .string(description)]) }
}
