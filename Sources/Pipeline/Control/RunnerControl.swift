import Dashboard
import JSON
import KaraboBridge
import OrderedCollections
import Views

/// The dashboard's control of a run, in-process: each call is a typed ``ControlCommand`` handed
/// to the runner (applied between trains), with no JSON text in between.
public struct RunnerControl: DashboardControl {
    let runner: ViewRunner

    public init(runner: ViewRunner) { self.runner = runner }

    public func index() async -> [IndexEntry]? {
        guard case let .list(items) = await runner.indexValue() else { return nil }
        return items.compactMap(IndexEntry.init(value:))
    }

    public func status() async -> MonitorCounters? {
        let reply = await runner.handle(.status)
        return MonitorCounters(json: reply)
    }

    public func setParameters(view: String, parameters: [String: JSONValue]) async -> ControlReply {
        var typed = OrderedDictionary<String, ParameterValue>()
        for key in parameters.keys.sorted() {
            guard let value = parameters[key]?.parameter else {
                return .failure("parameter '\(key)' must be a number, string, bool or list")
            }
            typed[key] = value
        }
        return await call(.set(view: view, parameters: typed))
    }

    public func reset(view: String) async -> ControlReply {
        await call(.reset(view: view))
    }

    public func action(view: String, action: String, arguments: [String: JSONValue]) async -> ControlReply {
        var typed: [String: ParameterValue] = [:]
        for (key, json) in arguments {
            guard let value = json.parameter else {
                return .failure("argument '\(key)' must be a number, string, bool or list")
            }
            typed[key] = value
        }
        return await call(.action(view: view, action: action, arguments: typed))
    }

    private func call(_ command: ControlCommand) async -> ControlReply {
        ControlReply(json: await runner.handle(command))
    }
}
