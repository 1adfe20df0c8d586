import Foundation
import KaraboBridge
import Operators
import Testing
import TestSupport
import Views

/// `cube` against scipy.stats.binned_statistic / binned_statistic_dd (Tests/Peers/select_reference.py):
/// mean, std (ddof 0) and count for scalars, vectors and images, 1-D and 2-D, with and without `by`,
/// edge and step bins; and the HDF5 file of `save` read back with h5py.
@Suite struct CubeTests {
    /// Runs `yaml` (a `cube` view called `cube`) over the peer's 400 trains; `value` is the per-train value.
    static func run(_ yaml: String, _ peer: JSONValue, n: Int = 400, x xKey: String = "x", value: (Int) throws -> Value) throws -> (ViewRecord, ActiveGraph) {
        let g = try SelectionTrains.graph(yaml)
        let x = try #require(peer[xKey]).numbers, y = try #require(peer["y"]).numbers, flag = try #require(peer["flag"]).numbers
        var last: ViewRecord?
        for i in 0..<n {
            let report = g.process(SelectionTrains.train(UInt64(1000 + i), ["x": .double(x[i]), "y": .double(y[i]), "flag": .double(flag[i]), "v": try value(i)]))
            #expect(report.failures.isEmpty, "\(report.failures)")
            if report["cube"]?.outcome.value != nil { last = report["cube"] }
        }
        return (try #require(last), g)
    }

    /// Welford in double precision against numpy's two-pass mean / std: agreement to ~1e-12 relative.
    static func compare(_ record: ViewRecord, _ expected: JSONValue, shape: [Int], _ label: String) throws {
        let mean = try #require(record.outcome.value?.ndarray)
        #expect(mean.shape == shape, "\(label): shape \(mean.shape)")
        guard case let .array(std)? = record.extras["std"], case let .array(count)? = record.extras["count"] else {
            Issue.record("\(label): no std / count"); return
        }
        #expect(std.shape == shape)
        let m = try #require(mean.doubles()), em = try #require(expected["mean"]).numbers
        let s = try #require(std.doubles()), es = try #require(expected["std"]).numbers
        let c = try #require(count.doubles()), ec = try #require(expected["count"]).numbers
        #expect(Close.excess(m, em, rtol: 1e-12, atol: 1e-12) <= 1, "\(label) mean")
        #expect(Close.excess(s, es, rtol: 1e-9, atol: 1e-12) <= 1, "\(label) std")
        #expect(c == ec, "\(label) count")
    }

    static let edges = "bins: [0, 1, 3, 6, 10]"

    @Test func scalarsWithEdgesAndRange() async throws {
        let peer = try await SelectionPeer.cubes.value
        let values = try #require(peer["scalar"]).numbers
        let cases = try #require(peer["cases"])
        let (r1, _) = try Self.run("""
        views:
          cube: {operator: cube, inputs: {value: "SRC/v[value]", x: "SRC/x[value]"}, params: {\(Self.edges), x_label: motor, x_unit: mm}}
        """, peer) { .double(values[$0]) }
        try Self.compare(r1, try #require(cases["scalar"]), shape: [4], "scalar")
        guard case let .vector(_, x, _)? = r1.outcome.value else { Issue.record("not a vector"); return }
        #expect(x.values == [0.5, 2, 4.5, 8] && x.label == "motor" && x.unit == "mm")
        #expect(r1.extras["edges"].flatMap { if case let .array(a) = $0 { return a.doubles() }; return nil } == [0, 1, 3, 6, 10])
        let (r2, _) = try Self.run("""
        views:
          cube: {operator: cube, inputs: {value: "SRC/v[value]", x: "SRC/x[value]"}, params: {range: [0, 10], count: 5}}
        """, peer) { .double(values[$0]) }
        try Self.compare(r2, try #require(cases["scalar_range"]), shape: [5], "scalar_range")
    }

    @Test func vectorsAndImages() async throws {
        let peer = try await SelectionPeer.cubes.value
        let cases = try #require(peer["cases"])
        let vectors = try #require(peer["vector"]?.array).map(\.numbers)
        let (rv, _) = try Self.run("""
        views:
          cube: {operator: cube, inputs: {value: "SRC/v[value]", x: "SRC/x[value]"}, params: {\(Self.edges)}}
        """, peer) { .array(.float64(vectors[$0])) }
        try Self.compare(rv, try #require(cases["vector"]), shape: [4, 4], "vector")
        guard case .image? = rv.outcome.value else { Issue.record("a cube of vectors is an image"); return }
        let images = try #require(peer["image"]?.array).map(\.numbers)
        let (ri, _) = try Self.run("""
        views:
          cube: {operator: cube, inputs: {value: "SRC/v[value]", x: "SRC/x[value]"}, params: {\(Self.edges)}}
        """, peer) { .array(.float32(images[$0].map { Float($0) }, shape: [3, 2])) }
        // float32 inputs: the expected values are of the float64 samples, so compare with float32 rounding.
        let mean = try #require(ri.outcome.value?.ndarray?.doubles())
        #expect(ri.outcome.value?.ndarray?.shape == [4, 3, 2])
        let expectedMean = try #require(cases["image"]?["mean"]).numbers
        #expect(Close.excess(mean, expectedMean, rtol: 1e-6, atol: 1e-6) <= 1)
        let countCheck = ri.extras["count"].flatMap { if case let .array(a) = $0 { return a.doubles() }; return nil }
        let expectedCount = try #require(cases["image"]?["count"]).numbers
        #expect(countCheck == expectedCount)
        // The float64 image, exactly as scipy saw it.
        let (rd, _) = try Self.run("""
        views:
          cube: {operator: cube, inputs: {value: "SRC/v[value]", x: "SRC/x[value]"}, params: {\(Self.edges)}}
        """, peer) { .array(.float64(images[$0], shape: [3, 2])) }
        try Self.compare(rd, try #require(cases["image"]), shape: [4, 3, 2], "image")
    }

    @Test func twoVariablesAndFilterStates() async throws {
        let peer = try await SelectionPeer.cubes.value
        let cases = try #require(peer["cases"])
        let values = try #require(peer["scalar"]).numbers
        let (rxy, _) = try Self.run("""
        views:
          cube: {operator: cube, inputs: {value: "SRC/v[value]", x: "SRC/x[value]", y: "SRC/y[value]"}, params: {\(Self.edges), y_bins: [0, 1, 2.5, 4]}}
        """, peer) { .double(values[$0]) }
        try Self.compare(rxy, try #require(cases["scalar_xy"]), shape: [4, 3], "scalar_xy")
        let (rby, _) = try Self.run("""
        views:
          on: {operator: filter, input: "SRC/flag[value]", params: {equals: true}}
          cube: {operator: cube, inputs: {value: "SRC/v[value]", x: "SRC/x[value]", by: "view:on"}, params: {\(Self.edges)}}
        """, peer) { .double(values[$0]) }
        try Self.compare(rby, try #require(cases["scalar_by"]), shape: [2, 4], "scalar_by")
        let vectors = try #require(peer["vector"]?.array).map(\.numbers)
        let (rvb, _) = try Self.run("""
        views:
          on: {operator: filter, input: "SRC/flag[value]", params: {equals: true}}
          cube: {operator: cube, inputs: {value: "SRC/v[value]", x: "SRC/x[value]", by: "view:on"}, params: {\(Self.edges)}}
        """, peer) { .array(.float64(vectors[$0])) }
        try Self.compare(rvb, try #require(cases["vector_by"]), shape: [2, 4, 4], "vector_by")
    }

    @Test func stepBinsFollowTheScan() async throws {
        let peer = try await SelectionPeer.cubes.value
        let values = try #require(peer["step_values"]).numbers
        let (r, _) = try Self.run("""
        views:
          cube: {operator: cube, inputs: {value: "SRC/v[value]", x: "SRC/x[value]"}, params: {step_from: x}}
        """, peer, n: 63, x: "steps") { .double(values[$0]) }
        try Self.compare(r, try #require(peer["cases"]?["steps"]), shape: [7], "steps")
        let edges = r.extras["edges"].flatMap { if case let .array(a) = $0 { return a.doubles() }; return nil }
        let got = try #require(edges), expectedEdges = try #require(peer["step_edges"]).numbers
        #expect(Close.excess(got, expectedEdges, rtol: 1e-15, atol: 1e-15) <= 1)
    }

    @Test func whenExcludesTrainsAndEmptyBinsAreNaN() throws {
        let g = try SelectionTrains.graph("""
        views:
          xray: {operator: filter, input: "SRC/flag[value]", params: {equals: true}}
          cube: {operator: cube, inputs: {value: "SRC/v[value]", x: "SRC/x[value]"}, params: {bins: [0, 1, 2, 3]}, when: view:xray}
        """)
        var last: ViewRecord?
        for (i, (x, v, f)) in [(0.5, 1.0, 1.0), (0.5, 3.0, 1.0), (0.5, 1000.0, 0.0), (2.5, 7.0, 1.0)].enumerated() {
            let report = g.process(SelectionTrains.train(UInt64(i + 1), ["x": .double(x), "v": .double(v), "flag": .double(f)]))
            if let r = report["cube"], r.outcome.value != nil { last = r }
        }
        let r = try #require(last)
        let mean = try #require(r.outcome.value?.ndarray?.doubles())
        #expect(mean[0] == 2 && mean[1].isNaN && mean[2] == 7)
        guard case let .array(count)? = r.extras["count"], case let .array(std)? = r.extras["std"] else { Issue.record("extras"); return }
        #expect(count.doubles() == [2, 0, 1])
        #expect(std.doubles()?[0] == 1 && std.doubles()?[1].isNaN == true && std.doubles()?[2] == 0)
    }

    @Test func saveWritesAnHDF5FileH5pyReads() async throws {
        let dir = try TestEnvironment.temporaryDirectory("cube-save")
        defer { try? FileManager.default.removeItem(at: dir) }
        let yaml = """
        views:
          cube: {operator: cube, inputs: {value: "SRC/v[value]", x: "SRC/x[value]"}, params: {bins: [0, 1, 2]}}
        """
        let runner = try ViewRunner(definitions: try ViewsFile.parse(yaml, file: "c.yaml"), library: .builtIn)
        for (i, (x, v)) in [(0.5, 1.0), (0.5, 3.0), (1.5, 10.0)].enumerated() {
            await runner.process(SelectionTrains.train(UInt64(500 + i), ["x": .double(x), "v": .array(.float64([v, 2 * v]))]))
        }
        let path = dir.appendingPathComponent("cube.h5").path
        let reply = await runner.handle(.action(view: "cube", action: "save", arguments: ["file": .string(path)]))
        guard case let .object(o) = reply, o["ok"] == .bool(true) else { Issue.record("save: \(reply)"); return }
        let script = """
        import h5py, json, sys
        f = h5py.File(sys.argv[1], "r")
        print(json.dumps({k: f[k][()].tolist() for k in ["edges", "mean", "std", "count"]} |
                         {a: (f.attrs[a].decode() if isinstance(f.attrs[a], bytes) else (f.attrs[a] if isinstance(f.attrs[a], str) else int(f.attrs[a]))) for a in f.attrs}))
        """
        let scriptURL = dir.appendingPathComponent("read.py")
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        let result = try await TestSupport.run(TestEnvironment.python, [scriptURL.path, path])
        #expect(result.status == 0, "\(result.stderr)")
        let j = try JSONValue.parse(result.stdout)
        #expect(j["edges"]?.numbers == [0, 1, 2])
        #expect(j["mean"]?.numbers == [2, 4, 10, 20])
        #expect(j["std"]?.numbers == [1, 2, 0, 0])
        #expect(j["count"]?.numbers == [2, 1])
        #expect(j["first_train"]?.int == 500 && j["last_train"]?.int == 502)
        #expect(j["definition"]?.string?.contains("operator: cube") == true && j["definition"]?.string?.contains("SRC/x[value]") == true)
        // reset empties it.
        _ = await runner.handle(.action(view: "cube", action: "reset", arguments: [:]))
        let after = await runner.process(SelectionTrains.train(600, ["x": .double(1.5), "v": .array(.float64([1, 1]))]))
        guard case let .array(count)? = after["cube"]?.extras["count"] else { Issue.record("no count after reset"); return }
        #expect(count.doubles() == [0, 1])
    }
}
