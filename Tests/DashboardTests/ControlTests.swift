import Dashboard
import Foundation
import KaraboBridge
import Synchronization
import Testing

/// The control commands the dashboard sends, as the control socket of `trainspotter run` reads them.
struct ControlTests {
    final class Log: Sendable {
        let sent = Mutex<[String]>([])
    }

    static func control(replying reply: String, log: Log) -> JSONCommandControl {
        JSONCommandControl { text in
            log.sent.withLock { $0.append(text) }
            return reply
        }
    }

    @Test func commandsMatchTheControlSocket() async throws {
        let log = Log()
        let control = Self.control(replying: #"{"ok": true, "view": "roi", "version": 3}"#, log: log)
        let set = await control.setParameters(view: "roi", parameters: ["x": .int(10), "width": .double(40.5)])
        #expect(set.ok && set.error == nil && set.body["version"] == .int(3))
        _ = await control.reset(view: "avg")
        _ = await control.recordDark(view: "dark", trains: 20)
        #expect(log.sent.withLock { $0 } == [
            #"{"set":{"view":"roi","params":{"width":40.5,"x":10}}}"#,
            #"{"reset":{"view":"avg"}}"#,
            #"{"action":{"action":"record","trains":20,"view":"dark"}}"#,
        ])
    }

    @Test func failuresAndUnreadableRepliesComeBackAsReplies() async {
        let log = Log()
        let refused = await Self.control(replying: #"{"ok": false, "error": "no view 'x'"}"#, log: log).reset(view: "x")
        #expect(!refused.ok && refused.error == "no view 'x'")
        let garbled = await Self.control(replying: "<html>", log: log).reset(view: "x")
        #expect(!garbled.ok && garbled.error?.contains("unreadable reply") == true)
        #expect(await Self.control(replying: "<html>", log: log).index() == nil)
    }

    @Test func readsIndexAndStatusReplies() async throws {
        let log = Log()
        let index = try #require(await Self.control(replying: """
            {"ok": true, "views": [{"name": "roi", "kind": "image", "operator": "roi", "hidden": false,
             "params": {"x": 1, "y": 2, "width": 3, "height": 4}, "inputs": {"input": "CAM[data]"}, "last_train": null, "mean_ms": 0.25},
             {"name": "sum", "kind": "scalar", "hidden": true}]}
            """, log: log).index())
        #expect(index.map(\.name) == ["roi", "sum"])
        #expect(index[0].kind == "image" && !index[0].hidden && index[1].hidden)
        #expect(index[0].fields["params"]?["width"] == .int(3))
        #expect(log.sent.withLock { $0 } == [#"{"index":true}"#])
        let status = try #require(await Self.control(replying: #"{"ok": true, "trains_in": 120, "processed": 118, "dropped": 2, "line": "…"}"#,
                                                     log: log).status())
        #expect(status.trainsIn == 120 && status.processed == 118 && status.dropped == 2 && status.fields["ok"] == nil)
    }

    @Test func indexEntriesFromTheResultStream() throws {
        // The index message's `views` value as ViewIndex publishes it.
        let value = Value.list([.map(["name": .string("ai"), "kind": .string("vector"), "rate": .double(9.5),
                                      "last_train": .uint(10_000_000_123), "axes": .map(["x": .map(["label": .string("q"), "unit": .string("nm^-1")])])])])
        guard case let .list(items) = value else { return }
        let entry = try #require(IndexEntry(value: items[0]))
        #expect(entry.name == "ai" && entry.kind == "vector" && !entry.hidden)
        #expect(entry.fields["last_train"] == .int(10_000_000_123))
        #expect(entry.fields["axes"]?["x"]?["unit"] == .string("nm^-1"))
    }

    @Test func dashboardAddresses() {
        #expect(DashboardConfiguration(address: "127.0.0.1:8080").map { [$0.host, "\($0.port)"] } == ["127.0.0.1", "8080"])
        #expect(DashboardConfiguration(address: "8081").map { [$0.host, "\($0.port)"] } == ["127.0.0.1", "8081"])
        #expect(DashboardConfiguration(address: ":0").map { [$0.host, "\($0.port)"] } == ["127.0.0.1", "0"])
        #expect(DashboardConfiguration(address: "[::1]:9000").map { [$0.host, "\($0.port)"] } == ["::1", "9000"])
        #expect(DashboardConfiguration(address: "host:http") == nil)
        #expect(DashboardConfiguration(address: "99999") == nil)
    }
}
