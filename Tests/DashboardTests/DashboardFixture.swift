import BridgeSockets
import Dashboard
import Foundation
import KaraboBridge
import TestSupport

/// A dashboard on a free port fed by a real result stream: ``ResultStream`` publishes over a
/// PUB ``BridgeServer``; the dashboard follows it with a SUB ``BridgeClient``.
struct DashboardFixture {
    let control: RecordingControl
    let stream: ResultStream
    let client: BridgeClient
    let dashboard: DashboardServer

    static func start(maxUpdatesPerSecond: Double = 10, period: Duration = .milliseconds(40)) async throws -> DashboardFixture {
        let control = RecordingControl(views: ResultStream.views)
        let stream = try await ResultStream.start(control: control, period: period)
        let client = try BridgeClient(BridgeClientConfiguration(endpoint: stream.server.endpoint, pattern: .sub, timeout: nil))
        let dashboard = try await DashboardServer.start(
            DashboardConfiguration(port: 0, maxUpdatesPerSecond: maxUpdatesPerSecond, statusInterval: 0.25), control: control)
        dashboard.follow(client)
        return DashboardFixture(control: control, stream: stream, client: client, dashboard: dashboard)
    }

    var webSocketURL: String { dashboard.url.replacingOccurrences(of: "http://", with: "ws://") + "ws" }

    func stop() async {
        stream.stop()
        client.close()
        await dashboard.stop()
    }

    /// Runs a peer script to completion and parses its JSON report (the last stdout line).
    static func report(_ script: String, _ arguments: [String], timeout: Double = 120) async throws -> JSONValue {
        let result = try await ChildProcess.python(script, arguments).wait(timeout: timeout)
        let line = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        guard let report = try? JSONValue.parse(line) else {
            throw ChildProcessError.failed(command: script, result: result)
        }
        return report
    }
}
