import KaraboBridge
import Testing
import TestSupport
import Views

/// `filter`, `all_of`, `any_of` against smalldata_tools' screeners (Tests/Peers/select_reference.py,
/// from the semantics in the shared reductions doc §4.1), and `when:` gating.
@Suite struct FilterTests {
    /// The same filters as the peer builds, as a views file.
    static let yaml = """
    views:
      laser_on: {operator: filter, input: "SRC/laser[value]", params: {equals: true, label: laser_on}}
      laser_off: {operator: filter, input: "SRC/laser[value]", params: {equals: false, label: laser_off}}
      xray_on: {operator: filter, input: "SRC/xray[value]", params: {equals: true}}
      bright: {operator: filter, input: "SRC/ipm[value]", params: {low: 100, label: bright}}
      dim: {operator: filter, input: "SRC/ipm[value]", params: {high: 100}}
      mid: {operator: filter, input: "SRC/ipm[value]", params: {low: 50, high: 150, label: mid}}
      exact: {operator: filter, input: "SRC/ipm[value]", params: {low: 100, high: 100}}
      and1: {operator: all_of, inputs: {a: "view:laser_on", b: "view:xray_on"}}
      or1: {operator: any_of, inputs: {a: "view:laser_on", b: "view:laser_off"}}
      or2: {operator: any_of, inputs: {a: "view:bright", b: "view:laser_on"}}
      good: {operator: all_of, inputs: {a: "view:bright", b: "view:xray_on"}, params: {label: good}}
      nested: {operator: any_of, inputs: {a: "view:and1", b: "view:mid"}}
      nested_and: {operator: all_of, inputs: {a: "view:or2", b: "view:mid"}}
      none_all: {operator: all_of}
      none_any: {operator: any_of}
    """

    @Test func truthTablesMatchSmalldataTools() async throws {
        let peer = try await SelectionPeer.filters.value
        let rows = try #require(peer["rows"]?.array)
        let results = try #require(peer["results"]?.object)
        let g = try SelectionTrains.graph(Self.yaml)
        #expect(Set(results.keys) == Set(g.views.map(\.name)))
        var checked = 0
        for (i, row) in rows.enumerated() {
            var values: [String: Value] = [:]
            for key in ["laser", "xray", "ipm"] { values[key] = .double(try #require(row[key]?.number)) }
            let report = g.process(SelectionTrains.train(UInt64(i + 1), values))
            for (name, expected) in results {
                let pair = try #require(expected.array?[i].array)
                guard case let .bool(passes) = pair[0] else { Issue.record("\(name) row \(i): \(pair)"); continue }
                let label = pair[1].string
                let record = try #require(report[name])
                let value = try #require(record.outcome.value?.double, "\(name) row \(i) has no value")
                #expect((value == 1) == passes, "\(name) on \(row): \(value), smalldata \(passes)")
                guard case let .string(got)? = record.extras["label"] else { Issue.record("\(name): no label"); continue }
                #expect(got == (label ?? ""), "\(name) on \(row): label '\(got)', smalldata \(label ?? "None")")
                #expect(record.filter?.passed == passes)
                checked += 1
            }
        }
        #expect(checked == rows.count * results.count && checked > 600)
    }

    @Test func whenGatesAndCountsPassAndReject() async throws {
        let yaml = """
        views:
          on: {operator: filter, input: "SRC/laser[value]", params: {equals: 1, label: laser}}
          bright: {operator: filter, input: "SRC/ipm[value]", params: {low: 100}}
          both_sum:
            operator: scalar_sum
            input: "SRC/ipm[value]"
            when: [view:on, view:bright]
          on_only:
            operator: pick
            input: "SRC/ipm[value]"
            when: view:on
        """
        let runner = try ViewRunner(definitions: try ViewsFile.parse(yaml, file: "w.yaml"), library: .builtIn)
        let cases: [(laser: Double, ipm: Double)] = [(1, 150), (1, 50), (0, 150), (1, 101), (0, 10)]
        for (i, c) in cases.enumerated() {
            let report = await runner.process(SelectionTrains.train(UInt64(i + 1), ["laser": .double(c.laser), "ipm": .double(c.ipm)]))
            let runs = c.laser == 1 && c.ipm > 100
            if runs { #expect(report.value("both_sum")?.double == c.ipm) } else {
                guard case .gated = report["both_sum"]?.outcome else { Issue.record("train \(i): both_sum not gated"); continue }
            }
            #expect((report.value("on_only") != nil) == (c.laser == 1))
        }
        let status = await runner.status()
        #expect(status.views["on"]?.passed == 3 && status.views["on"]?.rejected == 2)
        #expect(status.views["bright"]?.passed == 3 && status.views["bright"]?.rejected == 2)
        #expect(status.views["both_sum"]?.gated == 3 && status.views["both_sum"]?.values == 2 && status.views["both_sum"]?.failed == 0)
        #expect(status.line.contains("passed on 3/5, bright 3/5"), "\(status.line)")
        let reply = await runner.handle(.status)
        guard case let .object(o) = reply, case let .object(views)? = o["views"], case let .object(on)? = views["on"] else {
            Issue.record("status reply \(reply)"); return
        }
        #expect(on["passed"] == .int(3) && on["rejected"] == .int(2))
        let index = await runner.indexValue()
        guard case let .list(entries) = index else { Issue.record("index"); return }
        let entry = entries.first { if case let .map(m) = $0 { return m["name"] == .string("on") }; return false }
        guard case let .map(m)? = entry else { Issue.record("no index entry for on"); return }
        #expect(m["passed"] == .int(3) && m["rejected"] == .int(2) && m["filter"] == .bool(true))
    }

    /// A per-pulse XGM filter selects those pulses of detector data (pulses first and online layouts).
    @Test(arguments: ["file", "online"])
    func perPulseFilterSelectsPulses(_ layout: String) throws {
        let pulses = 6
        let xgm: [Double] = [0.2, 1.5, 0.9, 2.0, 0.1, 1.1]
        let passing = xgm.indices.filter { xgm[$0] > 1 }
        let frame = [2, 3]
        // Frame p holds values 100·p + element.
        var data: [Double] = []
        let shape: [Int]
        if layout == "file" {
            shape = [pulses] + frame
            for p in 0..<pulses { for e in 0..<6 { data.append(Double(100 * p + e)) } }
        } else {
            shape = frame + [pulses]
            for e in 0..<6 { for p in 0..<pulses { data.append(Double(100 * p + e)) } }
        }
        let yaml = """
        views:
          good: {operator: filter, input: "SRC/xgm[value]", params: {low: 1, layout: \(layout)}}
          mean: {operator: pulse_mean, input: "SRC/det[value]", params: {layout: \(layout)}, when: view:good}
          kept_xgm: {operator: pick, input: "SRC/xgm[value]", when: view:good}
        """
        let g = try SelectionTrains.graph(yaml)
        let report = g.process(SelectionTrains.train(1, ["xgm": .array(.float64(xgm)), "det": .array(.float64(data, shape: shape))]))
        #expect(report.value("kept_xgm")?.ndarray?.doubles() == passing.map { xgm[$0] })
        let mean = try #require(report.value("mean")?.ndarray?.doubles())
        // (pulses, 2, 3) or (3, 2, pulses) online → pulses first (pulses, 2, 3) with (ss, fs) swapped: compare element sets per frame.
        let expected = (0..<6).map { e in passing.map { Double(100 * $0 + e) }.reduce(0, +) / Double(passing.count) }
        #expect(mean.sorted() == expected.sorted(), "\(mean) vs \(expected)")
        #expect(report["good"]?.filter == FilterCount(passed: true, pulsesPassed: 3, pulses: 6))
        // No pulse passes: gated.
        let none = g.process(SelectionTrains.train(2, ["xgm": .array(.float64(xgm.map { $0 / 10 })), "det": .array(.float64(data, shape: shape))]))
        guard case .gated(by: "good") = none["mean"]?.outcome else { Issue.record("not gated: \(String(describing: none["mean"]?.outcome))"); return }
    }

    @Test func loadTimeProblemsNameFileAndLine() {
        func problems(_ yaml: String) -> [String] {
            do { _ = try SelectionTrains.graph(yaml); return [] } catch let e as ViewsFileError { return e.problems.map(\.description) } catch { return ["\(error)"] }
        }
        let p = problems("""
        views:
          f: {operator: filter, input: "SRC/a[value]", params: {low: 1}}
          notf: {operator: pick, input: "SRC/a[value]"}
          a: {operator: pick, input: "SRC/a[value]", when: view:nothing}
          b: {operator: pick, input: "SRC/a[value]", when: view:notf}
          c: {operator: all_of, inputs: {x: "view:f", y: "SRC/a[value]"}}
          d: {operator: filter, input: "SRC/a[value]", when: view:e, params: {low: 0}}
          e: {operator: all_of, inputs: {x: "view:d"}}
          g: {operator: filter, input: "SRC/a[value]"}
          h: {operator: filter, input: "SRC/a[value]", params: {equals: 1, low: 0}}
        """)
        #expect(p.contains { $0.hasPrefix("sel.yaml:4: view 'a'") && $0.contains("'nothing' is not defined") }, "\(p)")
        #expect(p.contains { $0.hasPrefix("sel.yaml:5: view 'b'") && $0.contains("not a filter") }, "\(p)")
        #expect(p.contains { $0.hasPrefix("sel.yaml:6: view 'c'") && $0.contains("must read a filter view") }, "\(p)")
        #expect(p.contains { $0.hasPrefix("sel.yaml:7: view 'd'") && $0.contains("cycle") }, "\(p)")
        #expect(p.contains { $0.hasPrefix("sel.yaml:8: view 'e'") && $0.contains("cycle") }, "\(p)")
        #expect(p.contains { $0.hasPrefix("sel.yaml:9: view 'g'") && $0.contains("needs low, high") }, "\(p)")
        #expect(p.contains { $0.hasPrefix("sel.yaml:10: view 'h'") && $0.contains("not both") }, "\(p)")
        // A `when:` that is not a view path is a views-file error, reported before the graph is checked.
        let q = problems("""
        views:
          i: {operator: pick, input: "SRC/a[value]", when: "SRC/a[value]"}
        """)
        #expect(q.count == 1 && q[0].hasPrefix("sel.yaml:2: view 'i'") && q[0].contains("view:FILTER"), "\(q)")
    }
}
