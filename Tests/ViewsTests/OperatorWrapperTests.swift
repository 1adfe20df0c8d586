import Foundation
import KaraboBridge
import Testing
import Views

/// The view operators wrapping `Operators`: load-time parameter checks and one execution each.
@Suite struct OperatorWrapperTests {
    static func graph(_ yaml: String) throws -> ActiveGraph {
        ActiveGraph(try ViewGraph(try ViewsFile.parse(yaml), library: OperatorLibrary.builtIn))
    }

    static func problems(_ yaml: String) -> [ViewProblem] {
        do {
            _ = try ViewGraph(try ViewsFile.parse(yaml, file: "t.yaml"), library: OperatorLibrary.builtIn)
            return []
        } catch {
            return error.problems
        }
    }

    /// One view `v` of `op` reading `D[a]`, with `params` (a YAML flow map).
    static func one(_ op: String, _ params: String, inputs: String = "input: D[a]") -> String {
        "views:\n  v:\n    operator: \(op)\n    \(inputs)\n    params: \(params)\n"
    }

    /// A train with source `D`: keys from `data`.
    static func train(_ id: UInt64, _ data: [String: Value]) -> Train {
        var d = SourceData(name: "D", metadata: Metadata(source: "D", trainID: id, timestamp: nil))
        for (k, v) in data { d.data[k] = v }
        return Train(sources: [d])
    }

    static func doubles(_ v: ViewValue?) -> [Double] { v?.ndarray?.doubles() ?? [] }

    @Test func parameterChecksAtLoadTime() {
        let bad: [(String, String)] = [
            (Self.one("roi", "{x: 0, y: 0, width: 0, height: 3}", inputs: "input: D[img]"), "width"),
            (Self.one("roi", "{x: 0, y: 0, width: 2}", inputs: "input: D[img]"), "height"),
            (Self.one("statistics", "{statistic: mode}"), "statistic"),
            (Self.one("statistics", "{x: 1}"), "x, y, width, height"),
            (Self.one("projection", "{axis: z}", inputs: "input: D[img]"), "axis"),
            (Self.one("threshold", "{}"), "low, high"),
            (Self.one("threshold", "{low: 2, high: 1}"), "low"),
            (Self.one("mask", "{file: /nonexistent/mask.npy}", inputs: "input: D[img]"), "mask"),
            (Self.one("dark", "{trains: 0}"), "trains"),
            (Self.one("pulse_mean", "{pulses: all}"), "layout"),
            (Self.one("pulse_select", "{pulses: \"1:x\", layout: file}"), "pulses"),
            (Self.one("moving_average", "{window: 0}"), "window"),
            (Self.one("pump_probe", "{mode: pulses, on: \"1::2\"}"), "on"),
            (Self.one("pump_probe", "{mode: even_on, on: \"1::2\"}"), "on"),
            (Self.one("histogram", "{bins: 10}"), "range"),
            (Self.one("histogram", "{bins: 10, range: [2, 1]}"), "range"),
            (Self.one("correlation", "{bins: 4}", inputs: "inputs: {x: \"D[x]\", y: \"D[y]\"}"), "range"),
            (Self.one("stack_modules", "{modules: 17, layout: file}", inputs: "inputs: {module0: \"D[a]\"}"), "modules"),
            (Self.one("assemble", "{detector: JF}"), "detector"),
        ]
        for (yaml, word) in bad {
            let p = Self.problems(yaml)
            #expect(!p.isEmpty && p.allSatisfy { $0.view == "v" && $0.location.line > 0 }, "\(yaml)")
            #expect(p.first?.description.contains(word) == true, "\(p) should mention \(word)")
        }
    }

    @Test func roiStatisticsProjectionThreshold() throws {
        let g = try Self.graph("""
        views:
          r:
            operator: roi
            input: D[img]
            params: {x: 1, y: 1, width: 10, height: 1}
          s:
            operator: statistics
            input: view:r
            params: {statistic: sum}
          m:
            operator: statistics
            input: D[img]
            params: {statistic: std, x: 0, y: 0, width: 2, height: 1}
          px:
            operator: projection
            input: D[img]
            params: {axis: x, reduction: sum}
          t:
            operator: threshold
            input: D[img]
            params: {low: 5}
          out:
            operator: roi
            input: D[img]
            params: {x: 10, y: 10, width: 2, height: 2}
        """)
        let img = Value.array(.float64((0..<12).map(Double.init), shape: [3, 4]))
        let r = g.process(Self.train(1, ["img": img]))
        #expect(Self.doubles(r.value("r")) == [5, 6, 7])           // row 1, columns 1…3 (clipped)
        guard case let .image(_, x, _)? = r.value("r") else { Issue.record("roi kind"); return }
        #expect(x.values == [1, 2, 3])
        #expect(r.value("s")?.double == 18)
        #expect(r.value("m")?.double == 0.5)
        #expect(Self.doubles(r.value("px")) == [12, 15, 18, 21])
        #expect(Self.doubles(r.value("t")).prefix(6).map { $0.isNaN ? -1 : $0 } == [-1, -1, -1, -1, -1, 5])
        guard case .noValue = r["out"]?.outcome else { Issue.record("an ROI outside the image gives no value"); return }
    }

    @Test func pulsesModulesAndAssembly() throws {
        let g = try Self.graph("""
        views:
          sel:
            operator: pulse_select
            input: D[a]
            params: {pulses: "1:3", layout: online}
          mean:
            operator: pulse_mean
            input: D[a]
            params: {layout: online}
          st:
            operator: stack_modules
            inputs: {module1: "D[m]"}
            params: {modules: 2, layout: file}
        """)
        // Online (fs = 2, ss = 1, pulses = 3): value = 10·pulse + fs.
        let online = NDArray.float64([0, 10, 20, 1, 11, 21], shape: [2, 1, 3])
        let r = g.process(Self.train(1, ["a": .array(online), "m": .array(.float64([7, 8], shape: [1, 1, 2]))]))
        #expect(r.value("sel")?.ndarray?.shape == [2, 1, 2])
        #expect(Self.doubles(r.value("sel")) == [10, 11, 20, 21])
        #expect(Self.doubles(r.value("mean")) == [10, 11])
        #expect(r.value("st")?.ndarray?.shape == [1, 2, 1, 2])
        let st = Self.doubles(r.value("st"))
        #expect(st[0].isNaN && st[1].isNaN && st[2] == 7 && st[3] == 8)
    }

    @Test func assembledAGIPDPlacesModulesTransposed() throws {
        let g = try Self.graph(Self.one("assemble", "{detector: AGIPD}"))
        var values = [Float](repeating: 0, count: 16 * 512 * 128)
        values[(9 * 512 + 3) * 128 + 5] = 42                     // module 9, ss (b) 3, fs (a) 5
        let r = g.process(Self.train(1, ["a": .array(.float32(values, shape: [16, 512, 128]))]))
        let image = try #require(r.value("v")?.ndarray)
        #expect(image.shape == [1052, 1028])
        let d = try #require(image.doubles())
        #expect(d[(1 * 132 + 5) * 1028 + 516 + 3] == 42)        // row (9 mod 8)·132 + a, column ⌊9/8⌋·516 + b
        #expect(d[128 * 1028].isNaN)                             // the gap after module 0
    }

    @Test func movingAverageHistogramCorrelation() throws {
        let g = try Self.graph("""
        views:
          avg:
            operator: moving_average
            input: D[x]
            params: {window: 2}
          h:
            operator: histogram
            input: D[v]
            params: {bins: 2, range: [0, 2]}
          c:
            operator: correlation
            inputs: {x: "D[x]", y: "D[y]"}
          b:
            operator: correlation
            inputs: {x: "D[x]", y: "D[y]"}
            params: {bins: 2, range: [0, 4]}
        """)
        var last: TrainReport?
        for (i, x) in [1.0, 3, 2].enumerated() {
            last = g.process(Self.train(UInt64(i), ["x": .double(x), "y": .double(2 * x), "v": .array(.float64([0.5, 1.5, x]))]))
        }
        let r = try #require(last)
        #expect(r.value("avg")?.double == 2.5)
        #expect(Self.doubles(r.value("h")) == [3, 5])             // 0.5 ×3 | 1.5 ×3, 1, 2 (last bin closed); 3 over
        guard case let .points(px, py, _, _, _)? = r.value("c") else { Issue.record("points"); return }
        #expect(px.doubles() == [1, 3, 2] && py.doubles() == [2, 6, 4])
        #expect(Self.doubles(r.value("b")) == [2, 5])             // x in [0, 2): y 2; x in [2, 4]: y 6, 4
    }
}
