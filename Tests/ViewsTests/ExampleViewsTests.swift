import ExampleViews
import Foundation
import Testing
import TestSupport
import Views
import ViewsTestSupport

/// The shipped example views file and Swift views.
@Suite struct ExampleViewsTests {
    static var library: OperatorLibrary {
        var l = OperatorLibrary.builtIn
        l.register(contentsOf: ExampleViews.library)
        return l
    }

    @Test func theExampleFileLoads() throws {
        let url = TestEnvironment.packageRoot.appendingPathComponent("views/example.yaml")
        let graph = try ViewGraph(try ViewsFile.load(url), library: Self.library)
        #expect(graph["energy_vs_motor"]?.stage == .reduce)
        #expect(graph["energy_vs_motor"]?.kind == .points)
        #expect(graph["camera"]?.hidden == true)
    }

    @Test func xgmVersusMotorKeepsItsHistory() throws {
        let yaml = """
        views:
          pairs:
            operator: xgm_vs_motor
            inputs:
              motor: SRC/A[value]
              energy: SRC/B[value]
            params: {history: 2}
        """
        let g = ActiveGraph(try ViewGraph(try ViewsFile.parse(yaml), library: Self.library))
        var last: ViewValue?
        for id in 1...3 { last = g.process(TestTrains.scalar(UInt64(id), value: Double(id))).value("pairs") }
        guard case let .points(x, y, xAxis, _, _) = last else { Issue.record("no points"); return }
        #expect(x.doubles() == [2, 3])
        #expect(y.doubles() == [10, 10])
        #expect(xAxis.unit == "mm")
    }
}
