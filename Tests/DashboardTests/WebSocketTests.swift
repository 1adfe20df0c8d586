import Dashboard
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import Testing

/// The dashboard's WebSocket protocol, spoken by a plain client (`Tests/Peers/dash_ws.py`).
@Suite(.serialized, .timeLimit(.minutes(3))) struct WebSocketTests {
    func subscription(_ views: [String: String]) -> String {
        "{" + views.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
    }

    @Test func paceIsAtMostTheLimitPerViewAndImagesComeAtTheDisplayedSize() async throws {
        // Results at ~100 Hz; the client gets at most 10 per second per view.
        let fixture = try await DashboardFixture.start(period: .milliseconds(10))
        defer { Task { await fixture.stop() } }
        let report = try await DashboardFixture.report("dash_ws.py", [
            fixture.webSocketURL, "--seconds", "3",
            "--subscribe", subscription(["cam": #"{"width": 64, "height": 48}"#, "total": #"{"width": 300, "height": 200}"#]),
        ])
        for view in ["cam", "total"] {
            let count = try #require(report["results"]?[view]?.int, "\(report)")
            #expect(count >= 2)
            #expect((report["maxPerSecond"]?[view]?.int ?? 99) <= 11, "\(view): \(report["maxPerSecond"] ?? .null)")
        }
        #expect(report["texts"]?["hello"] == .int(1))
        #expect((report["texts"]?["status"]?.int ?? 0) >= 2)
        #expect(report["index"]?["views"]?.array?.count == ResultStream.views.count)
        // The 256 × 192 camera image arrives reduced to 64 × 48.
        let cam = try #require(report["samples"]?["cam"])
        #expect(cam["image"]?["width"] == .int(64) && cam["image"]?["height"] == .int(48))
        #expect(cam["image"]?["fullWidth"] == .int(256) && cam["image"]?["fullHeight"] == .int(192))
        #expect(cam["counts"]?["data"] == .int(64 * 48))
        #expect(cam["labels"]?["x"]?["unit"] == .string("px"))
        // Trends carry every train's value, not only the ones sent: the history outnumbers the messages.
        let total = try #require(report["samples"]?["total"])
        #expect(total["kind"] == .string("scalar") && total["value"]?.double != nil)
        let status = try #require(report["status"])
        #expect((status["views"]?["total"]?["results"]?.int ?? 0) > (report["results"]?["total"]?.int ?? 0))
        #expect((status["client"]?["throttled"]?.int ?? 0) > 0)
    }

    @Test func zoomedRegionsArriveAtFullResolution() async throws {
        let fixture = try await DashboardFixture.start()
        defer { Task { await fixture.stop() } }
        let report = try await DashboardFixture.report("dash_ws.py", [
            fixture.webSocketURL, "--seconds", "1.5",
            "--subscribe", subscription(["cam": #"{"width": 400, "height": 300, "region": {"x0": 10, "y0": 20, "x1": 42, "y1": 44}}"#]),
        ])
        let cam = try #require(report["samples"]?["cam"], "\(report)")
        #expect(cam["image"]?["width"] == .int(32) && cam["image"]?["height"] == .int(24))
        #expect(cam["image"]?["xRange"] == .array([.double(10), .double(41)]) || cam["image"]?["xRange"] == .array([.int(10), .int(41)]))
        let train = try #require(cam["train"]?.uint64)
        let values = cam["first"]?["data"]?.array ?? []
        let first = values.compactMap(\.double)
        let expected = ResultStream.camera(train)
        #expect(first == (10..<14).map { Double(expected[20 * ResultStream.imageWidth + $0]) })
    }

    @Test func requestsReachTheControlAndRepliesComeBack() async throws {
        let fixture = try await DashboardFixture.start()
        defer { Task { await fixture.stop() } }
        let report = try await DashboardFixture.report("dash_ws.py", [
            fixture.webSocketURL, "--seconds", "2",
            "--send", #"{"type": "set", "id": 1, "view": "roi", "params": {"x": 12, "width": 20}}"#,
            "--send", #"{"type": "set", "id": 2, "view": "nope", "params": {"x": 1}}"#,
            "--send", #"{"type": "action", "id": 3, "view": "dark", "action": "record", "args": {"trains": 25}}"#,
            "--send", #"{"type": "reset", "id": 4, "view": "total"}"#,
            "--send", #"{"type": "launch", "id": 5}"#,
        ])
        let replies = try #require(report["replies"]?.array, "\(report)")
        func reply(_ id: Int) -> JSONValue? { replies.first { $0["id"]?.int == id } }
        #expect(reply(1)?["ok"]?.bool == true && reply(1)?["body"]?["version"] == .int(1))
        #expect(reply(2)?["ok"]?.bool == false && reply(2)?["error"] == .string("no view 'nope'"))
        #expect(reply(3)?["ok"]?.bool == true && reply(4)?["ok"]?.bool == true)
        #expect(replies.contains { $0["ok"]?.bool == false && ($0["error"]?.string ?? "").contains("unknown message type 'launch'") })
        let calls = await fixture.control.calls
        #expect(calls.contains(.init(verb: "set", view: "roi", arguments: ["x": .int(12), "width": .int(20)])))
        #expect(calls.contains(.init(verb: "record", view: "dark", arguments: ["trains": .int(25)])))
        #expect(calls.contains(.init(verb: "reset", view: "total", arguments: [:])))
        // After the change the index the client receives shows the new parameters.
        #expect(report["index"]?["views"]?.array?.first { $0["name"] == .string("roi") }?["params"]?["x"] == .int(12))
    }

    @Test func otherSitesCannotOpenTheSocket() async throws {
        let fixture = try await DashboardFixture.start()
        defer { Task { await fixture.stop() } }
        let foreign = try await DashboardFixture.report("dash_ws.py", [fixture.webSocketURL, "--seconds", "0.5", "--origin", "http://evil.example"])
        #expect(foreign["refused"] != nil, "\(foreign)")
        let own = fixture.dashboard.url.hasSuffix("/") ? String(fixture.dashboard.url.dropLast()) : fixture.dashboard.url
        let same = try await DashboardFixture.report("dash_ws.py", [fixture.webSocketURL, "--seconds", "0.5", "--origin", own])
        #expect(same["handshake"] == .int(101), "\(same)")
    }

    /// Every parameter-changing request (set, reset, action) travels over the WebSocket, and
    /// pages of another origin cannot open it: nothing they send reaches the control, nor does
    /// any HTTP method on any path. The page's own origin can (so the check can fail).
    @Test func onlyThePagesOwnOriginChangesTheViews() async throws {
        let fixture = try await DashboardFixture.start()
        defer { Task { await fixture.stop() } }
        let own = fixture.dashboard.url.hasSuffix("/") ? String(fixture.dashboard.url.dropLast()) : fixture.dashboard.url
        let port = fixture.dashboard.configuration.port
        let changes = [
            #"{"type": "set", "id": 1, "view": "roi", "params": {"x": 7}}"#,
            #"{"type": "reset", "id": 2, "view": "total"}"#,
            #"{"type": "action", "id": 3, "view": "dark", "action": "record", "args": {"trains": 5}}"#,
        ]
        for origin in ["http://evil.example", "http://evil.example:\(port)", "null", "http://127.0.0.1:\(port).evil.example",
                       "http://127.0.0.1:\(port == 65535 ? 1 : port + 1)", "file://"] {
            let report = try await DashboardFixture.report("dash_ws.py", [fixture.webSocketURL, "--seconds", "0.3", "--origin", origin]
                                                           + changes.flatMap { ["--send", $0] })
            #expect(report["refused"] != nil && report["replies"]?.array?.isEmpty == true, "\(origin): \(report)")
        }
        // No HTTP route takes a change, whatever the method and origin.
        for path in ["/", "/ws", "/api/views", "/api/set"] {
            for method in ["POST", "PUT", "PATCH", "DELETE"] {
                var request = URLRequest(url: URL(string: own + path)!)
                request.httpMethod = method
                request.setValue("http://evil.example", forHTTPHeaderField: "Origin")
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                request.httpBody = Data(#"{"set": {"view": "roi", "params": {"x": 7}}}"#.utf8)
                let (_, response) = try await URLSession.shared.data(for: request)
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                #expect(status >= 400, "\(method) \(path): \(status)")
            }
        }
        let refusedCalls = await fixture.control.calls
        #expect(refusedCalls.isEmpty, "\(refusedCalls)")
        // The page's own origin reaches the control with the same requests.
        let same = try await DashboardFixture.report("dash_ws.py", [fixture.webSocketURL, "--seconds", "1", "--origin", own]
                                                     + changes.flatMap { ["--send", $0] })
        #expect(same["replies"]?.array?.count == 3, "\(same)")
        let calls = await fixture.control.calls
        #expect(calls.map(\.verb) == ["set", "reset", "record"], "\(calls)")
    }

    @Test func aStalledBrowserHoldsUpNobody() async throws {
        let fixture = try await DashboardFixture.start()
        defer { Task { await fixture.stop() } }
        // One client asks for big images and never reads; another reads normally meanwhile.
        let stalled = try ChildProcess.python("dash_ws.py", [
            fixture.webSocketURL, "--seconds", "6", "--stall",
            "--subscribe", subscription(["cam": #"{"width": 4096, "height": 4096}"#, "roi": #"{"width": 4096, "height": 4096}"#]),
        ])
        try await stalled.waitForOutput("WS READY")
        let before = try await DashboardFixture.report("dash_ws.py", [fixture.webSocketURL, "--seconds", "0.3"])
        let report = try await DashboardFixture.report("dash_ws.py", [
            fixture.webSocketURL, "--seconds", "2", "--subscribe", subscription(["cam": #"{"width": 128, "height": 96}"#]),
        ])
        #expect((report["trains"]?["cam"]?.array?.count ?? 0) >= 3, "\(report)")
        // The dashboard kept taking in every result message while the stalled client sat there.
        let inBefore = before["status"]?["dashboard"]?["messagesIn"]?.int ?? 0
        let inAfter = report["status"]?["dashboard"]?["messagesIn"]?.int ?? 0
        #expect(inAfter > inBefore + 10, "\(inBefore) → \(inAfter)")
        _ = try await stalled.wait(timeout: 30)
    }
}
