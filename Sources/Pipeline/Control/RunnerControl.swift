import Dashboard
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
        return MonitorCounters(json: Self.dashboardJSON(reply))
    }

    public func setParameters(view: String, parameters: [String: DashboardJSON]) async -> ControlReply {
        var typed = OrderedDictionary<String, ParameterValue>()
        for key in parameters.keys.sorted() {
            guard let value = parameters[key].flatMap(Self.parameter) else {
                return .failure("parameter '\(key)' must be a number, string, bool or list")
            }
            typed[key] = value
        }
        return await call(.set(view: view, parameters: typed))
    }

    public func reset(view: String) async -> ControlReply {
        await call(.reset(view: view))
    }

    public func action(view: String, action: String, arguments: [String: DashboardJSON]) async -> ControlReply {
        var typed: [String: ParameterValue] = [:]
        for (key, json) in arguments {
            guard let value = Self.parameter(json) else {
                return .failure("argument '\(key)' must be a number, string, bool or list")
            }
            typed[key] = value
        }
        return await call(.action(view: view, action: action, arguments: typed))
    }

    private func call(_ command: ControlCommand) async -> ControlReply {
        ControlReply(json: Self.dashboardJSON(await runner.handle(command)))
    }

    /// A parameter value from the page's JSON (nil for null and objects).
    static func parameter(_ json: DashboardJSON) -> ParameterValue? {
        switch json {
        case let .bool(b): return .bool(b)
        case let .int(i): return Int(exactly: i).map(ParameterValue.int)
        case let .double(d): return .double(d)
        case let .string(s): return .string(s)
        case let .array(items):
            let values = items.compactMap(parameter)
            return values.count == items.count ? .list(values) : nil
        case .null, .object: return nil
        }
    }

    /// The runner's reply in the dashboard's JSON model.
    static func dashboardJSON(_ json: ControlJSON) -> DashboardJSON {
        switch json {
        case .null: return .null
        case let .bool(b): return .bool(b)
        case let .int(i): return .int(i)
        case let .double(d): return .double(d)
        case let .string(s): return .string(s)
        case let .array(items): return .array(items.map(dashboardJSON))
        case let .object(fields): return .object(Dictionary(uniqueKeysWithValues: fields.map { ($0.key, dashboardJSON($0.value)) }))
        }
    }
}
