import KaraboBridge
import Operators
import Testing
import TestSupport
import Views

/// `expression` against numpy (Tests/Peers/select_reference.py): every operator, function and
/// broadcasting case, and load-time errors with FILE:LINE:COLUMN.
@Suite struct ExpressionTests {
    static func inputs(_ peer: JSONValue) throws -> [String: ExpressionArray] {
        var out: [String: ExpressionArray] = [:]
        for (name, v) in try #require(peer["inputs"]?.object) {
            let shape = (v["shape"]?.array ?? []).compactMap { $0.int }
            out[name] = try ExpressionArray(shape: shape, values: try #require(v["values"]).numbers)
        }
        return out
    }

    /// Element-wise results agree with numpy to a few ulps (numpy's pairwise sums and libm differ in the last bits).
    @Test func everyCaseMatchesNumpy() async throws {
        let peer = try await SelectionPeer.expressions.value
        let variables = try Self.inputs(peer)
        let cases = try #require(peer["cases"]?.array)
        #expect(cases.count > 50)
        for c in cases {
            let text = try #require(c["expr"]?.string)
            let e = try ExpressionParser.parse(text)
            if let message = c["error"]?.string {
                #expect(throws: ExpressionError.self, "\(text): numpy says \(message)") { try ExpressionEvaluator.evaluate(e, variables) }
                continue
            }
            let r = try ExpressionEvaluator.evaluate(e, variables)
            let shape = (c["shape"]?.array ?? []).compactMap { $0.int }
            #expect(r.shape == shape, "\(text): shape \(r.shape), numpy \(shape)")
            let excess = Close.excess(r.values, try #require(c["values"]).numbers, rtol: 1e-13, atol: 1e-14)
            #expect(excess <= 1, "\(text): \(excess)× the tolerance: \(r.values)")
        }
    }

    /// The same through the views graph: inputs from sources, kinds known at load, axes kept.
    @Test func inAViewsFile() async throws {
        let peer = try await SelectionPeer.expressions.value
        let variables = try Self.inputs(peer)
        let yaml = """
        views:
          v: {operator: pick, input: "SRC/v[value]", kind: vector}
          w: {operator: pick, input: "SRC/w[value]", kind: vector}
          a: {operator: pick, input: "SRC/a[value]", kind: scalar}
          m: {operator: pick, input: "SRC/m[value]", kind: image}
          ratio:
            operator: expression
            inputs: {r1: "view:v", r2: "view:w", xgm: "view:a"}
            params: {expr: "(r1 − r2) ÷ xgm"}
          fom: {operator: expression, inputs: {img: "view:m", xgm: "view:a"}, params: {expr: "sum(img) / xgm"}}
          scaled: {operator: expression, inputs: {img: "view:m", row: "view:v"}, params: {expr: "img * row > 0"}}
          raw: {operator: expression, inputs: {s: "SRC/v[value]"}, params: {expr: "-s"}}
        """
        let graph = try ViewGraph(try ViewsFile.parse(yaml, file: "e.yaml"), library: .builtIn)
        #expect(graph["ratio"]?.kind == .vector && graph["fom"]?.kind == .scalar && graph["scaled"]?.kind == .image && graph["raw"]?.kind == .any)
        func value(_ n: String) -> Value {
            let a = variables[n]!
            return a.shape.isEmpty ? .double(a.values[0]) : .array(.float64(a.values, shape: a.shape))
        }
        let report = ActiveGraph(graph).process(SelectionTrains.train(1, ["v": value("v"), "w": value("w"), "a": value("a"), "m": value("m")]))
        #expect(report.failures.isEmpty, "\(report.failures)")
        let cases = try #require(peer["cases"]?.array)
        func numpy(_ text: String) throws -> [Double] { try #require(cases.first { $0["expr"]?.string == text }?["values"]).numbers }
        let ratio = try #require(report.value("ratio")?.ndarray?.doubles()), ratioNumpy = try numpy("(v - w) / a")
        #expect(Close.excess(ratio, ratioNumpy, rtol: 1e-13, atol: 0) <= 1)
        let fom = try #require(report.value("fom")?.double), fomNumpy = try numpy("sum(m)")[0] / variables["a"]!.values[0]
        #expect(Close.excess([fom], [fomNumpy], rtol: 1e-13, atol: 0) <= 1)
        guard case let .image(img, _, _)? = report.value("scaled") else { Issue.record("scaled is not an image"); return }
        #expect(img.shape == [3, 5])
        #expect(report.value("raw")?.ndarray?.doubles() == variables["v"]!.values.map { -$0 })
    }

    @Test func syntaxAndNameErrorsAtLoadWithColumns() {
        let yaml = """
        views:
          a: {operator: pick, input: "SRC/a[value]", kind: scalar}
          bad1:
            operator: expression
            inputs: {x: "view:a"}
            params: {expr: "(x + 2"}
          bad2:
            operator: expression
            inputs: {x: "view:a"}
            params:
              expr: x * y
          bad3:
            operator: expression
            inputs: {x: "view:a"}
            params: {expr: 'x ^ 2'}
          bad4:
            operator: expression
            inputs: {x: "view:a"}
            params: {expr: "cos(x)"}
          bad5:
            operator: expression
            inputs: {x: "view:a", unused: "view:a"}
            params: {expr: "max(x, x, x)"}
          bad6:
            operator: expression
            inputs: {x: "SRC/b[value]"}
            params: {expr: "x < x < x"}
        """
        var problems: [String] = []
        do { _ = try ViewGraph(try ViewsFile.parse(yaml, file: "e.yaml"), library: .builtIn) } catch {
            problems = error.problems.map(\.description)
        }
        // Columns count from 1 at the line start; a quoted value's text starts after the quote.
        #expect(problems.contains { $0.hasPrefix("e.yaml:6:27: view 'bad1'") && $0.contains("expected ')'") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("e.yaml:11:17: view 'bad2'") && $0.contains("'y' is not an input") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("e.yaml:15:23: view 'bad3'") && $0.contains("unexpected character '^'") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("e.yaml:19:21: view 'bad4'") && $0.contains("unknown function 'cos'") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("e.yaml:23:21: view 'bad5'") && $0.contains("max takes 1 or 2 arguments") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("e.yaml:27:27: view 'bad6'") && $0.contains("do not chain") }, "\(problems)")
        #expect(problems.count == 6, "\(problems)")
    }

    @Test func shapeMismatchAtRunTimeIsAFailureNamingTheShapes() throws {
        let g = try SelectionTrains.graph("""
        views:
          s: {operator: expression, inputs: {p: "SRC/p[value]", q: "SRC/q[value]"}, params: {expr: "p + q"}}
        """)
        let r = g.process(SelectionTrains.train(1, ["p": .array(.float64([1, 2, 3])), "q": .array(.float64([1, 2]))]))
        #expect(r.failures.first?.message.contains("shapes [3] and [2] cannot be broadcast") == true, "\(r.failures)")
    }
}
