import KaraboBridge
import Testing
import Views
import ViewsTestSupport

/// Per-train behaviour: skipping, gating, failures, stages, optional inputs, results.
@Suite struct ExecutionTests {
    func graph(_ yaml: String) throws -> ActiveGraph {
        ActiveGraph(try ViewGraph(try ViewsFile.parse(yaml), library: TestOperators.library))
    }

    @Test func absentInputsSkipAndGateDependents() throws {
        let g = try graph("""
        views:
          b:
            operator: pick
            input: SRC/B[value]
          b2:
            operator: scale
            input: view:b
          a2:
            operator: scale
            input: SRC/A[value]
        """)
        let report = g.process(TestTrains.scalar(10, value: 4, withB: false))
        guard case let .skipped(missing) = report["b"]?.outcome else { Issue.record("b not skipped"); return }
        #expect(missing == .source("SRC/B", key: "value"))
        guard case .gated(by: "b") = report["b2"]?.outcome else { Issue.record("b2 not gated"); return }
        #expect(report.value("a2")?.double == 8)
        #expect(report.failures.isEmpty)
        // With B present everything runs.
        let full = g.process(TestTrains.scalar(11, value: 4))
        #expect(full.value("b2")?.double == 20)
    }

    @Test func noValueGatesAndFailuresAreReportedWhileOthersRunOn() throws {
        let g = try graph("""
        views:
          sometimes:
            operator: even_none
            input: SRC/A[value]
          after:
            operator: scale
            input: view:sometimes
          flaky:
            operator: odd_fails
            input: SRC/A[value]
          after_flaky:
            operator: scale
            input: view:flaky
          steady:
            operator: scale
            input: SRC/A[value]
            params: {factor: 10}
        """)
        let even = g.process(TestTrains.scalar(4, value: 1))
        guard case .noValue = even["sometimes"]?.outcome, case .gated(by: "sometimes") = even["after"]?.outcome else {
            Issue.record("no-value gating"); return
        }
        #expect(even.value("after_flaky")?.double == 2)
        let odd = g.process(TestTrains.scalar(5, value: 1))
        #expect(odd.value("after")?.double == 2)
        #expect(odd.failures.map(\.view) == ["flaky"])
        #expect(odd.failures.first?.message.contains("odd train 5") == true)
        #expect(odd.trainID == 5)
        guard case .gated(by: "flaky") = odd["after_flaky"]?.outcome else { Issue.record("failure gating"); return }
        #expect(odd.value("steady")?.double == 10)
    }

    @Test func optionalInputsAndTrainFacts() throws {
        let g = try graph("""
        views:
          total:
            operator: sum2
            inputs:
              a: SRC/A[value]
              b: SRC/B[value]
          id:
            operator: pick
            input: train:id
          ts:
            operator: pick
            input: train:timestamp
        """)
        #expect(g.process(TestTrains.scalar(7, value: 1)).value("total")?.double == 11)
        let without = g.process(TestTrains.scalar(8, value: 1, withB: false))
        #expect(without.value("total")?.double == 1)
        #expect(without.value("id")?.double == 8)
        #expect(abs((without.value("ts")?.double ?? 0) - 1_700_000_000.8) < 1e-3)
    }

    @Test func runtimeKindChecksOnSourceInputs() throws {
        let g = try graph("""
        views:
          wrong:
            operator: needs_image
            input: SRC/A[value]
          right:
            operator: needs_image
            input: SRC/B[image]
        """)
        let r = g.process(TestTrains.scalar(1))
        #expect(r.failures.map(\.view) == ["wrong"])
        #expect(r.failures.first?.message.contains("is a scalar where image is required") == true)
        #expect(r.value("right")?.double == 0)
    }

    @Test func stagesAreSeparable() throws {
        let g = try graph("""
        views:
          n:
            operator: count
            input: SRC/A[value]
          n2:
            operator: scale
            input: view:n
          s:
            operator: scale
            input: SRC/A[value]
        """)
        #expect(g.graph["n"]?.stage == .reduce)
        #expect(g.graph["n2"]?.stage == .reduce, "a view reading a reduce view is in the reduce stage")
        #expect(g.graph["s"]?.stage == .train)
        // The per-train stage for several trains first (as parallel workers would), then the
        // ordered reduce stage.
        let partials = (1...3).map { g.runTrainStage(TestTrains.scalar(UInt64($0), value: 1)) }
        #expect(partials.allSatisfy { $0.records.map(\.name) == ["s"] })
        #expect(partials[0].trainInputs[.source("SRC/A", key: "value")]?.double == 1)
        let reports = partials.map(g.runReduceStage)
        #expect(reports.map { $0.value("n2")?.double } == [2, 4, 6])
        #expect(reports[2].records.map(\.name) == ["n", "n2", "s"])
    }

    @Test func resultsBecomeBridgeSources() throws {
        let g = try graph("""
        views:
          profile:
            operator: ramp
            input: SRC/A[value]
          hidden_one:
            operator: scale
            input: SRC/A[value]
            hidden: true
          ab:
            operator: pair
            inputs: {x: "SRC/A[value]", y: "SRC/B[value]"}
            params: {x_label: motor, x_unit: mm, y_label: energy, y_unit: uJ}
          pic:
            operator: pick
            input: SRC/B[image]
        """)
        let report = g.process(TestTrains.scalar(42, value: 2))
        let results = report.results(in: g)
        #expect(results.map(\.view) == ["profile", "ab", "pic"])
        let train = try #require(results.bridgeTrain())
        #expect(train.trainID == 42)
        let profile = try #require(train["view/profile"])
        #expect(profile.metadata.trainID == 42)
        #expect(profile["kind"]?.string == "vector")
        #expect(profile["version"]?.int64 == 1)
        #expect(profile.array("data")?.doubles() == [0, 2, 4, 6])
        #expect(profile.array("x")?.doubles() == (0..<4).map { Double($0) / 10 })
        #expect(profile["x.unit"]?.string == "nm^-1")
        let ab = try #require(train["view/ab"])
        #expect(ab["kind"]?.string == "points")
        #expect(ab.array("x")?.doubles() == [2])
        #expect(ab.array("y")?.doubles() == [10])
        #expect(ab["x.label"]?.string == "motor")
        let pic = try #require(train["view/pic"])
        #expect(pic["kind"]?.string == "image")
        #expect(pic.array("data")?.shape == [3, 4])
        #expect(pic.array("x")?.doubles() == [0, 1, 2, 3])
        #expect(pic.array("y")?.doubles() == [0, 1, 2])
    }
}
