import Dashboard
import Foundation
import JSON

/// A ``DashboardControl`` for tests: a fixed set of views whose parameters it changes as asked,
/// recording every call. The test's feeder reads the parameters back to shape its results, as
/// the running graph would.
actor RecordingControl: DashboardControl {
    struct Call: Sendable, Equatable {
        var verb: String
        var view: String
        var arguments: [String: JSONValue]
    }

    private(set) var calls: [Call] = []
    private var views: [String: [String: JSONValue]]
    private var order: [String]
    private var trainsIn = 0

    init(views: [[String: JSONValue]]) {
        order = views.compactMap { $0["name"]?.string }
        self.views = Dictionary(uniqueKeysWithValues: views.map { ($0["name"]!.string!, $0) })
    }

    /// The current parameters of `view`.
    func parameters(_ view: String) -> [String: JSONValue] { views[view]?["params"]?.members ?? [:] }
    /// The current parameters and parameter version of `view`, read together.
    func parametersAndVersion(_ view: String) -> ([String: JSONValue], Int) { (parameters(view), version(view)) }
    /// The current parameter version of `view`.
    func version(_ view: String) -> Int { Int(views[view]?["version"]?.int64 ?? 0) }
    /// Counts a train for the status counters.
    func noteTrain(_ trainID: UInt64) {
        trainsIn += 1
        for name in order { views[name]?["last_train"] = .int(Int64(trainID)) }
    }

    func index() async -> [IndexEntry]? { order.compactMap { views[$0].flatMap { IndexEntry(json: .sortedObject($0)) } } }

    func status() async -> MonitorCounters? {
        MonitorCounters(fields: ["trains_in": .int(Int64(trainsIn)), "processed": .int(Int64(trainsIn)), "dropped": .int(0)])
    }

    func setParameters(view: String, parameters: [String: JSONValue]) async -> ControlReply {
        calls.append(Call(verb: "set", view: view, arguments: parameters))
        guard var entry = views[view] else { return .failure("no view '\(view)'") }
        var params = entry["params"]?.object ?? [:]
        for (k, v) in parameters {
            guard params[k] != nil else { return .failure("view '\(view)' has no parameter '\(k)'") }
            params[k] = v
        }
        entry["params"] = .object(params)
        let version = (entry["version"]?.int64 ?? 0) + 1
        entry["version"] = .int(version)
        views[view] = entry
        return ControlReply(json: .object(["ok": .bool(true), "view": .string(view), "version": .int(version)]))
    }

    func reset(view: String) async -> ControlReply {
        calls.append(Call(verb: "reset", view: view, arguments: [:]))
        return views[view] == nil ? .failure("no view '\(view)'") : ControlReply(json: .object(["ok": .bool(true)]))
    }

    func action(view: String, action: String, arguments: [String: JSONValue]) async -> ControlReply {
        calls.append(Call(verb: action, view: view, arguments: arguments))
        return ControlReply(json: .object(["ok": .bool(true), "result": .string("\(action) started")]))
    }
}
