import Foundation
import TestSupport
import Testing

/// The whole chain as an operator uses it: `trainspotter simulate` → `trainspotter run --views …
/// --dashboard` → the page in a real headless Chromium, with the ROI typed on the page checked
/// in the results `run` publishes, read by the reference Python client.
@Suite(.serialized, .timeLimit(.minutes(4))) struct RunBrowserTests {
    /// The camera, an ROI on it with its mean, the ROI's column profile, and the XGM energy.
    static let views = """
    views:
      camera:
        operator: pick
        input: SPB_XTD9_IMGPII45/CAM/BEAMVIEW:daqOutput[data.image.pixels]
        kind: image
      roi:
        operator: roi
        input: view:camera
        params: {x: 100, y: 140, width: 440, height: 200}
      roi_mean:
        operator: statistics
        input: view:roi
        params: {statistic: mean}
      profile:
        operator: projection
        input: view:roi
        params: {axis: x, reduction: mean}
      xgm_energy:
        operator: pick
        input: SA1_XTD2_XGM/XGM/DOOCS[pulseEnergy.photonFlux]
    """

    @Test func simulatorThroughRunToThePage() async throws {
        let dir = try TestEnvironment.temporaryDirectory("dash-run")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("views.yaml")
        try Self.views.write(to: file, atomically: true, encoding: .utf8)
        let simPort = TestEnvironment.freePort(), publishPort = TestEnvironment.freePort()
        let sim = try ChildProcess.trainspotter(["simulate", "\(simPort)", "-z", "PUB", "--rate", "10",
                                                 "--sources", "camera,xgm,motor"])
        defer { sim.signal() }
        try await sim.waitForOutput("started on", timeout: 60)
        let run = try ChildProcess.trainspotter([
            "run", "--connect", "tcp://127.0.0.1:\(simPort)", "-z", "PUB", "--views", file.path,
            "--publish", "tcp://127.0.0.1:\(publishPort)", "--dashboard", "127.0.0.1:0", "--status-interval", "1",
        ])
        defer { run.signal() }
        try await run.waitForOutput("running on", timeout: 60)
        let line = run.stdout.split(separator: "\n").first { $0.hasPrefix("dashboard on ") }
        let url = try #require(line.map { String($0.dropFirst("dashboard on ".count)) }, "\(run.stdout)")
        #expect(url.hasPrefix("http://127.0.0.1:") && !url.hasSuffix(":0/"), "\(url)")
        let published = "tcp://127.0.0.1:\(publishPort)"

        // Before: the ROI of the views file, found in the camera image at (100, 140).
        let before = try await Self.roiResults(published, count: 2)
        for m in before {
            #expect(m["shape"] == .array([.int(200), .int(440)]), "\(m)")
            #expect(m["at"] == .array([.int(100), .int(140)]), "\(m)")
        }

        // The page: train IDs advance, the camera image and the profile plot draw, the ROI
        // typed on the camera panel reaches `run`, a paused panel stops changing.
        let report = try await DashboardFixture.report("dash_check.py", [
            url, "--image", "camera", "--vector", "profile", "--scalar", "xgm_energy",
            "--roi-target", "roi", "--roi", "200,100,96,64", "--type-roi", "--pause", "camera",
        ], timeout: 150)
        try #require(report["ok"]?.bool == true, "\(report)\nrun: \(run.stdout)\n\(run.stderr)")
        #expect(report["exceptions"]?.array?.isEmpty == true, "\(report["exceptions"] ?? .null)")
        #expect(report["errors"]?.array?.isEmpty == true, "\(report["errors"] ?? .null)")
        let advance = try #require(report["advance"])
        for view in ["camera", "profile", "xgm_energy"] {
            let b = try #require(advance["before"]?[view]?.uint64), a = try #require(advance["after"]?[view]?.uint64)
            #expect(a > b, "\(view): \(b) → \(a)")
        }
        #expect(try #require(advance["trainAfter"]?.uint64) > (advance["trainBefore"]?.uint64 ?? 0))
        let stats = try #require(report["stats"])
        let camera = try #require(stats["camera"])
        #expect(Double(camera["differing"]?.int ?? 0) > 0.5 * Double(camera["total"]?.int ?? 1), "\(camera)")
        #expect((camera["colours"]?.int ?? 0) > 10, "\(camera)")
        #expect((stats["profile"]?["differing"]?.int ?? 0) > 150, "\(stats["profile"] ?? .null)")
        #expect((report["counters"]?["processed"]?.int ?? 0) > 0, "\(report["counters"] ?? .null)")

        // The typed ROI: accepted by `run`, and the page's ROI panel shows the new size.
        let roi = try #require(report["roi"])
        #expect(roi["reply"]?["ok"]?.bool == true, "\(roi)")
        #expect(roi["after"]?["size"] == .array([.int(64), .int(96)]), "\(roi)")

        // After: what `run` publishes is the new rectangle of the camera image, and the mean
        // view downstream of it is that rectangle's mean.
        let after = try await Self.roiResults(published, count: 3)
        for m in after {
            #expect(m["shape"] == .array([.int(64), .int(96)]), "\(m)")
            #expect(m["at"] == .array([.int(200), .int(100)]), "\(m)")
            #expect((m["version"]?.int ?? 0) > (before.first?["version"]?.int ?? 0), "\(m)")
            let mean = try #require(m["mean"]?.double), stat = try #require(m["stat"]?.double)
            #expect(abs(mean - stat) <= 1e-6 * max(1, abs(mean)), "\(m)")
        }

        // A paused panel keeps its picture (same pixels) while results keep arriving.
        let pause = try #require(report["pause"])
        #expect(pause["drawnAfter"] == pause["drawnBefore"], "\(pause)")
        #expect(pause["hashAfter"] == pause["hashBefore"], "\(pause)")
        #expect((pause["receivedAfter"]?.uint64 ?? 0) > (pause["receivedBefore"]?.uint64 ?? 0))
        #expect((pause["drawnResumed"]?.uint64 ?? 0) > (pause["drawnAfter"]?.uint64 ?? 0))
    }

    /// The next `count` messages holding the ROI view, as `dash_results.py` reports them.
    static func roiResults(_ endpoint: String, count: Int) async throws -> [JSONValue] {
        let report = try await DashboardFixture.report("dash_results.py", [endpoint, "\(count)"], timeout: 60)
        let messages = try #require(report["messages"]?.array, "\(report)")
        try #require(messages.count == count)
        return messages
    }
}
