import Foundation
import JSON

/// A ``DashboardControl`` that speaks the control socket's JSON commands (see `docs/views.md`):
/// each call becomes one command text handed to `send`, whose reply text is parsed.
///
/// `trainspotter run` wires it to its runner in-process:
/// ```swift
/// JSONCommandControl { text in
///     do { return await runner.handle(try ControlCommand(text: Data(text.utf8))).text }
///     catch { return error.reply.text }
/// }
/// ```
public struct JSONCommandControl: DashboardControl {
    /// Delivers one command (JSON text) and returns the reply (JSON text).
    public let send: @Sendable (String) async -> String

    public init(send: @escaping @Sendable (String) async -> String) { self.send = send }

    /// Sends `command` and parses the reply.
    public func call(_ command: JSONValue) async -> JSONValue {
        let text = await send(command.text)
        do { return try JSONValue.parse(text) } catch {
            return .object(["ok": .bool(false), "error": .string("unreadable reply: \(text.prefix(200))")])
        }
    }

    public func index() async -> [IndexEntry]? {
        let reply = await call(.object(["index": .bool(true)]))
        guard reply["ok"]?.bool == true, let views = reply["views"]?.array else { return nil }
        return views.compactMap(IndexEntry.init(json:))
    }

    public func status() async -> MonitorCounters? {
        let reply = await call(.object(["status": .bool(true)]))
        guard reply["ok"]?.bool == true else { return nil }
        return MonitorCounters(json: reply)
    }

    public func setParameters(view: String, parameters: [String: JSONValue]) async -> ControlReply {
        ControlReply(json: await call(.object(["set": .object(["view": .string(view), "params": .sortedObject(parameters)])])))
    }

    public func reset(view: String) async -> ControlReply {
        ControlReply(json: await call(.object(["reset": .object(["view": .string(view)])])))
    }

    public func action(view: String, action: String, arguments: [String: JSONValue]) async -> ControlReply {
        var body = arguments
        body["view"] = .string(view)
        body["action"] = .string(action)
        return ControlReply(json: await call(.object(["action": .sortedObject(body)])))
    }
}
