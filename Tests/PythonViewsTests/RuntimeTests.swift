import Foundation
import KaraboBridge
import PythonViews
import TestSupport
import Testing
import Views

/// Python views in process: a real worker pool of the venv's Python (numpy, xarray) running a
/// context beside a YAML views file, through a ``ViewRunner``.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct PythonRuntimeTests {
    static let context = """
    import numpy as np
    import xarray as xr
    from trainspotter_views import View as ImportedView

    calls = {"n": 0}

    @View.Scalar
    def total(image: "karabo#SRC/CAM:output[data.image]", scale: float = 1.0):
        return float(image.sum()) * scale

    @View.Vector
    def profile(image: "SRC/CAM:output[data.image]"):
        p = image.mean(axis=0)
        return xr.DataArray(p, dims=["x_mm"], coords={"x_mm": np.arange(p.size) * 0.5}, name="intensity",
                            attrs={"units": "ADU"})

    @View.Image(hidden=True)
    def doubled(image: "karabo#SRC/CAM:output[data.image]"):
        return image * 2

    @View.Points
    def peak(p: "view#profile", tid: "internal#train_id"):
        return [float(tid)], [float(np.argmax(p))]

    @View.Scalar(stage="reduce")
    def counter(_: "internal#train_id"):
        calls["n"] += 1
        return calls["n"]

    @View.Scalar
    def from_yaml(s: "view#total_again"):
        return s + 1

    @View.Scalar
    def version(v: "internal#ctx_version", _t: "internal#train_id"):
        return v

    @View.Scalar
    def gate(t: "view#total"):
        return None

    @ImportedView.Scalar(name="gated")
    def gated_view(g: "view#gate"):
        return 1
    """

    static let yaml = """
    python: ctx.py
    views:
      total_again:
        operator: pick
        input: view:total
      smoothed:
        operator: gaussian
        input: view:doubled
        params: {sigma: 1}
    """

    static func start(workers: Int = 2, timeout: Double = 10, context: String = context, yaml: String = yaml)
        async throws -> (PythonRuntime, PythonViewsLoader, ViewRunner, URL) {
        let dir = try PythonTestSupport.folder(["ctx.py": context, "views.yaml": yaml])
        let runtime = PythonRuntime(PythonTestSupport.configuration(workers: workers, timeout: timeout))
        let loader = PythonViewsLoader(runtime: runtime, viewsFile: dir.appendingPathComponent("views.yaml"), contexts: [],
                                       base: .builtIn)
        let setup = try await loader.loadOffPool().get()
        let runner = try ViewRunner(definitions: setup.definitions, library: setup.library)
        loader.started()
        return (runtime, loader, runner, dir)
    }

    @Test func everyKindOneReadingAnotherAndYAMLBothWays() async throws {
        let (runtime, _, runner, _) = try await Self.start()
        defer { runtime.close() }
        for id in UInt64(100)..<103 {
            let report = await runner.process(PythonTestSupport.train(id))
            let image = PythonTestSupport.image(id)
            let sum = image.joined().reduce(0, +)
            #expect(report.value("total")?.double == sum)
            #expect(report.value("total_again")?.double == sum, "a YAML view reads a Python view")
            #expect(report.value("from_yaml")?.double == sum + 1, "a Python view reads a YAML view")
            guard case let .vector(p, x, value)? = report.value("profile") else { Issue.record("profile: \(String(describing: report[ "profile"]?.outcome))"); continue }
            let means = (0..<6).map { c in (0..<4).map { image[$0][c] }.reduce(0, +) / 4 }
            #expect(p.doubles() == means)
            #expect(x.values == (0..<6).map { Double($0) * 0.5 } && x.label == "x_mm")
            #expect(value.label == "intensity" && value.unit == "ADU")
            guard case let .image(d, _, _)? = report.value("doubled") else { Issue.record("doubled"); continue }
            #expect(d.shape == [4, 6] && d.dtype == .float32 && d.doubles() == image.joined().map { $0 * 2 })
            #expect(report.value("smoothed")?.ndarray?.shape == [4, 6], "a YAML gaussian reads a Python image")
            guard case let .points(px, py, _, _, _)? = report.value("peak") else { Issue.record("peak"); continue }
            #expect(px.doubles() == [Double(id)] && py.doubles() == [5])
            #expect(report.value("counter")?.double == Double(id - 99))
            #expect(report.value("version")?.double == 1)
            #expect(report[ "gate"]?.outcome.value == nil)
            if case .gated(by: "gate")? = report["gated"]?.outcome {} else { Issue.record("gated: \(String(describing: report["gated"]?.outcome))") }
        }
        let index = await runner.indexValue()
        #expect("\(index)".contains("python:total@"))
        #expect(runtime.counters.exceptions == 0 && runtime.counters.crashes == 0)
    }
}
