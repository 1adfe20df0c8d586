import Foundation
import TestSupport
import Testing

/// `trainspotter simulate` (camera) → `trainspotter run --context` → the reference Python client:
/// the European XFEL documentation example, unchanged but for the source name, and the same on
/// the camera's spot, compared with scipy on the published raw frame; a parameter set over the
/// control socket.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct PythonEndToEndTests {
    static let context = """
    from scipy.ndimage import gaussian_filter

    @View.Image
    def smoothed_roi(camera: "karabo#SPB_XTD9_IMGPII45/CAM/BEAMVIEW:daqOutput[data.image.pixels]"):
        roi = camera[350:750, 1000:1500]
        return gaussian_filter(roi, sigma=5)

    @View.Image
    def smoothed_spot(camera: "karabo#SPB_XTD9_IMGPII45/CAM/BEAMVIEW:daqOutput[data.image.pixels]", sigma: float = 5):
        return gaussian_filter(camera[140:340, 220:420], sigma=sigma)

    @View.Scalar
    def spot_max(s: "view#smoothed_spot"):
        return float(s.max())
    """

    static let yaml = """
    python: ctx.py
    views:
      camera:
        operator: pick
        input: SPB_XTD9_IMGPII45/CAM/BEAMVIEW:daqOutput[data.image.pixels]
    """

    @Test func documentationExampleOnTheSimulatorCameraEqualsScipy() async throws {
        let dir = try PythonTestSupport.folder(["ctx.py": Self.context, "views.yaml": Self.yaml])
        let simPort = TestEnvironment.freePort(), publishPort = TestEnvironment.freePort(), controlPort = TestEnvironment.freePort()
        let sim = try ChildProcess.trainspotter(["simulate", "\(simPort)", "-z", "PUB", "--sources", "camera,motor,xgm", "--rate", "10"])
        defer { sim.signal() }
        try await sim.waitForOutput("started on", timeout: 60)
        let run = try ChildProcess(TestEnvironment.trainspotterBinary.path, [
            "run", "--connect", "tcp://127.0.0.1:\(simPort)", "-z", "PUB", "--views", dir.appendingPathComponent("views.yaml").path,
            "--publish", "tcp://127.0.0.1:\(publishPort)", "--control", "tcp://127.0.0.1:\(controlPort)",
            "--python", TestEnvironment.python, "--python-workers", "2", "--status-interval", "1",
        ], environment: ["TRAINSPOTTER_PYTHON_PACKAGE": TestEnvironment.packageRoot.appendingPathComponent("python").path])
        defer { run.signal() }
        try await run.waitForOutput("trains in", timeout: 120)

        let first = try await ChildProcess.python("py_gaussian_check.py", ["tcp://127.0.0.1:\(publishPort)", "5", "5", "1"]).succeed(timeout: 90)
        let check = try JSONValue.parse(first.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(check["checked"]?.double == 5)
        #expect(check["roi_shape"]?.array?.compactMap(\.double) == [130, 0], "the docs ROI clipped to the 480 × 640 camera, as numpy does")
        #expect(check["spot_shape"]?.array?.compactMap(\.double) == [200, 200])
        #expect(check["dtype"]?.string == "uint16")
        // Same scipy, same uint16 frame: identical results.
        #expect(check["spot_max_diff"]?.double == 0 && check["roi_max_diff"]?.double == 0)
        #expect((check["spot_max"]?.double ?? 0) > 300, "the spot is inside the ROI")

        // A parameter over the control socket: the view restarts (version 2) with the new sigma.
        let reply = try await ChildProcess.python("views_control.py", [
            "tcp://127.0.0.1:\(controlPort)", #"{"set": {"view": "smoothed_spot", "params": {"sigma": 2}}}"#,
        ]).succeed(timeout: 30)
        #expect(reply.stdout.contains(#""ok":true"#) || reply.stdout.contains(#""ok": true"#), "\(reply.stdout)")
        let second = try await ChildProcess.python("py_gaussian_check.py", ["tcp://127.0.0.1:\(publishPort)", "3", "2", "2"]).succeed(timeout: 90)
        let after = try JSONValue.parse(second.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(after["checked"]?.double == 3 && after["spot_max_diff"]?.double == 0)
        #expect(!run.stderr.contains("failed"), "\(run.stderr)")
    }
}
