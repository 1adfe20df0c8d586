import JSON
/// The running view graph as the dashboard drives it: the view index, the global counters, and
/// runtime changes (parameters, restarts, operator actions such as recording a dark).
///
/// `trainspotter run` implements it in-process over its control commands (see
/// ``JSONCommandControl``); tests implement it to record calls. Every method answers; failures
/// come back as replies with `ok == false`, which the page shows.
public protocol DashboardControl: Sendable {
    /// The view index (every view, published or hidden), or nil when unavailable.
    func index() async -> [IndexEntry]?
    /// The monitor's global counters, or nil when unavailable.
    func status() async -> MonitorCounters?
    /// Changes some of a view's parameters (the view restarts with the new values).
    func setParameters(view: String, parameters: [String: JSONValue]) async -> ControlReply
    /// Restarts a view with fresh state (e.g. refreshes an average or a dark).
    func reset(view: String) async -> ControlReply
    /// Runs one of an operator's own actions, e.g. `record` on a dark view.
    func action(view: String, action: String, arguments: [String: JSONValue]) async -> ControlReply
}

extension DashboardControl {
    /// Records a new dark over the next `trains` trains (the `record` action of a dark view).
    public func recordDark(view: String, trains: Int) async -> ControlReply {
        await action(view: view, action: "record", arguments: ["trains": .int(Int64(trains))])
    }
}

/// The answer to a control call.
public struct ControlReply: Sendable, Equatable {
    /// Whether it was applied.
    public var ok: Bool
    /// Why not, when it was not.
    public var error: String?
    /// The whole reply as the control sent it.
    public var body: JSONValue

    public init(ok: Bool, error: String? = nil, body: JSONValue = [:]) {
        self.ok = ok
        self.error = error
        self.body = body
    }

    /// A failure.
    public static func failure(_ message: String) -> ControlReply {
        ControlReply(ok: false, error: message, body: .object(["ok": .bool(false), "error": .string(message)]))
    }

    /// A reply read from a control socket's JSON (`{"ok": true, …}` or `{"ok": false, "error": …}`).
    public init(json: JSONValue) {
        self.ok = json["ok"]?.bool ?? false
        self.error = json["error"]?.string ?? (ok ? nil : "the control gave no reason")
        self.body = json
    }
}
