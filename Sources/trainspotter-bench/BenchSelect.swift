import ArgumentParser
import Foundation
import KaraboBridge
import Views

/// `trainspotter bench select`: the cost of filters, `when:`, expressions and cubes, each beside
/// the same graph without them, timed in the same run on the same trains.
struct BenchSelect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "select",
        abstract: "Filters and expressions on scalars (µs per view per train) and a cube of 1.4 Mpixel images over 50 bins (ms per train), vs the same graph without them.")

    @Option(help: "Trains per timed run (the best of the repeats counts).")
    var trains = 200

    @Option(help: "Timed runs per graph.")
    var repeats = 5

    @Option(help: "Scalar filter + expression pairs.")
    var views = 20

    @Option(help: "Image rows × columns for the cube (default 1200 × 1170 ≈ 1.4 Mpixel).")
    var rows = 1200
    @Option(help: "Image columns.")
    var columns = 1170

    @Option(help: "Cube bins.")
    var bins = 50

    func run() async throws {
        print("Selection benchmark: release build, one thread, best of \(repeats) runs of \(trains) trains.")
        try scalars()
        try cube()
    }

    static func graph(_ yaml: String) throws -> ActiveGraph {
        ActiveGraph(try ViewGraph(try ViewsFile.parse(yaml, file: "bench.yaml"), library: .builtIn))
    }

    func best(_ graph: ActiveGraph, _ trains: [Train]) -> Double {
        var best = Double.infinity
        for _ in 0..<repeats {
            let start = ContinuousClock.now
            for t in trains { _ = graph.process(t) }
            let d = ContinuousClock.now - start
            best = min(best, Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
        }
        return best
    }

    func scalars() throws {
        var base = "views:\n", full = "views:\n"
        for i in 0..<views {
            let pick = "  v\(i): {operator: pick, input: \"SRC/S\(i)[value]\"}\n"
            base += pick
            full += pick
            full += "  f\(i): {operator: filter, input: \"view:v\(i)\", params: {low: 0.2, high: 0.8, label: ok}}\n"
            full += "  e\(i): {operator: expression, inputs: {a: \"view:v\(i)\", b: \"SRC/S\((i + 1) % views)[value]\"}, params: {expr: \"(a - b) / (a + b)\"}, when: view:f\(i)}\n"
        }
        var trainList: [Train] = []
        for t in 0..<trains {
            var sources: [SourceData] = []
            for i in 0..<views {
                var s = SourceData(name: "SRC/S\(i)", metadata: Metadata(source: "SRC/S\(i)", trainID: UInt64(t + 1), timestamp: nil))
                s.data["value"] = .double(Double((t * 7 + i * 13) % 100) / 100)
                sources.append(s)
            }
            trainList.append(Train(sources: sources))
        }
        let tBase = best(try Self.graph(base), trainList), tFull = best(try Self.graph(full), trainList)
        let perView = (tFull - tBase) / Double(trains) / Double(2 * views) * 1e6
        print(String(format: "scalars: %d picks %.2f µs/train; + %d filters and %d gated expressions %.2f µs/train → %.2f µs per view per train (target ≤ 10)",
                     views, tBase / Double(trains) * 1e6, views, views, tFull / Double(trains) * 1e6, perView))
    }

    func cube() throws {
        let pixels = rows * columns
        let image = NDArray.float32((0..<pixels).map { Float($0 % 1000) }, shape: [rows, columns])
        var trainList: [Train] = []
        for t in 0..<trains {
            var cam = SourceData(name: "SRC/IMG", metadata: Metadata(source: "SRC/IMG", trainID: UInt64(t + 1), timestamp: nil))
            cam.data["value"] = .array(image)
            var motor = SourceData(name: "SRC/X", metadata: Metadata(source: "SRC/X", trainID: UInt64(t + 1), timestamp: nil))
            motor.data["value"] = .double(Double(t % bins) + 0.5)
            trainList.append(Train(sources: [cam, motor]))
        }
        let base = """
        views:
          img: {operator: pick, input: "SRC/IMG[value]"}
          x: {operator: pick, input: "SRC/X[value]"}
        """
        // Published once per run: the timing is the per-train accumulation.
        let full = base + "\n  cube: {operator: cube, inputs: {value: \"view:img\", x: \"view:x\"}, params: {range: [0, \(bins)], count: \(bins), every: \(trains * repeats + 1)}}\n"
        let tBase = best(try Self.graph(base), trainList)
        let g = try Self.graph(full)
        _ = best(g, trainList)  // the first run allocates the bins
        let tFull = best(g, trainList)
        print(String(format: "cube: %d × %d float32 image (%.2f Mpixel) over %d bins: %.2f ms/train vs %.2f ms/train without → +%.2f ms per train (target ≤ 5)",
                     rows, columns, Double(pixels) / 1e6, bins, tFull / Double(trains) * 1e3, tBase / Double(trains) * 1e3,
                     (tFull - tBase) / Double(trains) * 1e3))
    }
}
