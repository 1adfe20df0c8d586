import Dashboard
import Foundation
import TestSupport
import Testing

/// The page in a real headless Chromium, against a dashboard fed by a real result stream.
@Suite(.serialized, .timeLimit(.minutes(4))) struct BrowserTests {
    @Test func pageShowsEveryKindFollowsTrainsSetsROIAndPauses() async throws {
        let fixture = try await DashboardFixture.start()
        defer { Task { await fixture.stop() } }
        let screenshot = ProcessInfo.processInfo.environment["TRAINSPOTTER_DASHBOARD_SCREENSHOT"]
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("dashboard-\(UUID().uuidString).png").path
        let report = try await DashboardFixture.report("dash_check.py", [
            fixture.dashboard.url, "--image", "cam", "--vector", "profile", "--scalar", "total", "--points", "corr",
            "--roi-target", "roi", "--roi", "30,20,64,48", "--pause", "profile", "--screenshot", screenshot,
        ], timeout: 180)
        try #require(report["ok"]?.bool == true, "\(report)")
        #expect(report["exceptions"]?.array?.isEmpty == true, "\(report["exceptions"] ?? .null)")
        #expect(report["errors"]?.array?.isEmpty == true, "\(report["errors"] ?? .null)")

        // Train IDs advance on every view and in the header.
        let advance = try #require(report["advance"])
        for view in ["cam", "profile", "total", "corr"] {
            let before = try #require(advance["before"]?[view]?.uint64), after = try #require(advance["after"]?[view]?.uint64)
            #expect(after > before && before >= ResultStream.firstTrain, "\(view): \(before) → \(after)")
        }
        #expect(try #require(advance["trainAfter"]?.uint64) > (advance["trainBefore"]?.uint64 ?? 0))
        #expect(report["kinds"] == .object(["cam": .string("image"), "profile": .string("vector"), "total": .string("scalar"), "corr": .string("points")]))

        // The heatmap fills its area with many colours; the plots draw lines and points.
        let stats = try #require(report["stats"])
        let cam = try #require(stats["cam"])
        #expect(Double(cam["differing"]?.int ?? 0) > 0.9 * Double(cam["total"]?.int ?? 1), "\(cam)")
        #expect((cam["colours"]?.int ?? 0) > 30, "\(cam)")
        for view in ["profile", "total"] { #expect((stats[view]?["differing"]?.int ?? 0) > 150, "\(view): \(stats[view] ?? .null)") }
        #expect((stats["corr"]?["differing"]?.int ?? 0) > 20, "\(stats["corr"] ?? .null)")

        // The ROI drawn with the mouse reached the control as the ROI view's parameters, and the
        // ROI result published afterwards has the new size.
        let roi = try #require(report["roi"])
        #expect(roi["reply"]?["ok"]?.bool == true, "\(roi)")
        let calls = await fixture.control.calls
        let set = try #require(calls.last { $0.verb == "set" && $0.view == "roi" }, "\(calls)")
        let got = ["x", "y", "width", "height"].map { set.arguments[$0]?.int64 ?? -1 }
        for (g, want) in zip(got, [30, 20, 64, 48] as [Int64]) { #expect(abs(g - want) <= 1, "ROI set \(got), dragged 30,20,64,48") }
        let after = try #require(roi["after"])
        #expect(after["size"] == .array([.int(got[3]), .int(got[2])]), "\(after)")
        #expect((after["version"]?.int ?? 0) >= 1)

        // A paused view keeps its picture while results keep arriving; resuming shows new ones.
        let pause = try #require(report["pause"])
        #expect(pause["drawnAfter"] == pause["drawnBefore"], "\(pause)")
        #expect(pause["hashAfter"] == pause["hashBefore"], "\(pause)")
        #expect((pause["receivedAfter"]?.uint64 ?? 0) > (pause["receivedBefore"]?.uint64 ?? 0))
        #expect((pause["drawnResumed"]?.uint64 ?? 0) > (pause["drawnAfter"]?.uint64 ?? 0))

        // The header shows the monitor's counters from the control.
        #expect((report["counters"]?["trains_in"]?.int ?? 0) > 0)
        #expect(FileManager.default.fileExists(atPath: screenshot))
    }
}
