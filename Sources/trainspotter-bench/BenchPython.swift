import ArgumentParser
import ByteSlices
import Foundation
import KaraboBridge
import Pipeline
import PythonViews
import Views

/// `trainspotter bench python`: Python views through the worker pool beside the same function
/// called in a plain Python loop on the same array (measured in the same run).
struct BenchPython: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "python",
        abstract: "Python view overhead vs a plain Python loop (4 MB float32 image), the docs example's rate, K workers on a 150 ms view.")

    @Option(help: "The Python with numpy and scipy (default: $TRAINSPOTTER_PYTHON or .venv/bin/python).")
    var python: String?

    @Option(help: "Trains per case.")
    var trains = 200

    func run() async throws {
        let python = self.python ?? ProcessInfo.processInfo.environment["TRAINSPOTTER_PYTHON"] ?? ".venv/bin/python"
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bench-python-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let context = """
        import time
        from scipy.ndimage import gaussian_filter

        @View.Scalar
        def total(image: "karabo#BENCH/CAM:output[data.image]"):
            return float(image.sum())

        @View.Image
        def smoothed_roi(camera: "karabo#SQS_ILH_LAS/CAM/BS_CAM_TT_OU1:output[data.image.pixels]"):
            roi = camera[350:750, 1000:1500]
            return gaussian_filter(roi, sigma=5)

        @View.Scalar
        def slow(_: "internal#train_id"):
            time.sleep(0.15)
            return 1
        """
        let file = dir.appendingPathComponent("bench.py")
        try context.write(to: file, atomically: true, encoding: .utf8)
        print("Python views benchmark (\(python)): \(trains) trains per case; reference measured in this run.")

        // 1. Overhead on a 1024 × 1024 float32 image (4 MB).
        let reference = try Self.reference(python)
        for workers in [1] {
            let graph = try await Self.graph(file, python: python, workers: workers, only: ["total"])
            let train = try Self.train(source: "BENCH/CAM:output", key: "data.image", rows: 1024, columns: 1024, float: true)
            _ = graph.active.process(train)
            let t = Self.time { for _ in 0..<trains { _ = graph.active.process(train) } } / Double(trains)
            print(String(format: "view `image.sum()` on 4 MB float32: %.3f ms/train via the pool, %.3f ms/call in a plain Python loop: overhead %.3f ms/train",
                         t * 1000, reference * 1000, (t - reference) * 1000))
            graph.runtime.close()
        }

        // 2. The docs example on a 1024 × 2048 uint16 camera, one train after the other.
        do {
            let graph = try await Self.graph(file, python: python, workers: 2, only: ["smoothed_roi"])
            let train = try Self.train(source: "SQS_ILH_LAS/CAM/BS_CAM_TT_OU1:output", key: "data.image.pixels", rows: 1024, columns: 2048, float: false)
            _ = graph.active.process(train)
            let n = max(20, trains / 4)
            let t = Self.time { for _ in 0..<n { _ = graph.active.process(train) } }
            print(String(format: "docs example (gaussian σ=5 on a 400 × 500 ROI of a 1024 × 2048 uint16 frame): %.1f trains/s", Double(n) / t))
            graph.runtime.close()
        }

        // 3. A 150 ms view through the pipeline as `run` drives it: K workers, K trains in
        //    their per-train stage at once on the pipeline's threads (and, for comparison, inline:
        //    one train at a time).
        for (workers, execution) in [(1, Pipeline.Execution.inline), (2, .inline), (1, .threads(1)), (2, .threads(2)), (3, .threads(3))] {
            let graph = try await Self.graph(file, python: python, workers: workers, only: ["slow"])
            let runner = try ViewRunner(definitions: graph.definitions, library: graph.library)
            let pipeline = Pipeline(runner: runner, sinks: [CollectingSink()], execution: execution)
            let trainsRun = 40
            let list = (1...trainsRun).map { Self.idTrain(UInt64($0)) }
            let start = ContinuousClock.now
            let processed = await pipeline.run(ListedTrains(list))
            let d = ContinuousClock.now - start
            let t = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
            let how = execution == .inline ? "inline" : "\(workers) train threads"
            print(String(format: "150 ms view, K = %d workers, pipeline %@: %.1f trains/s", workers, how, Double(processed) / t))
            graph.runtime.close()
        }
    }

    struct Graph: Sendable { var active: ActiveGraph; var runtime: PythonRuntime; var definitions: [ViewDefinition]; var library: OperatorLibrary }

    static func graph(_ file: URL, python: String, workers: Int, only: Set<String>) async throws -> Graph {
        let runtime = PythonRuntime(PythonConfiguration(python: python, workers: workers, timeout: 30))
        let loader = PythonViewsLoader(runtime: runtime, viewsFile: nil, contexts: [file], base: .builtIn)
        let setup = try await loader.loadOffPool().get()
        let definitions = setup.definitions.filter { only.contains($0.name) }
        let graph = try ViewGraph(definitions, library: setup.library)
        // Warm every worker (imports, first load).
        let active = ActiveGraph(graph)
        for _ in 0..<workers * 2 { _ = active.runTrainStage(idTrain(0)) }
        return Graph(active: active, runtime: runtime, definitions: definitions, library: setup.library)
    }

    static func idTrain(_ id: UInt64) -> Train {
        Train(sources: [SourceData(name: "X", metadata: Metadata(source: "X", trainID: id, timestamp: nil))])
    }

    static func train(source: String, key: String, rows: Int, columns: Int, float: Bool) throws -> Train {
        var s = SourceData(name: source, metadata: Metadata(source: source, trainID: 1, timestamp: nil))
        if float {
            s.data[key] = .array(.float32((0..<rows * columns).map { Float($0 % 4096) }, shape: [rows, columns]))
        } else {
            let values = (0..<rows * columns).map { UInt16($0 % 4096) }
            let bytes = values.withUnsafeBytes { ByteSlice(HeapBytes(copying: $0)) }
            s.data[key] = .array(try NDArray(dtype: .uint16, shape: [rows, columns], data: bytes))
        }
        return Train(sources: [s])
    }

    /// The same function in a plain Python loop on the same array: seconds per call.
    static func reference(_ python: String) throws -> Double {
        let script = """
        import time, numpy as np
        image = (np.arange(1024 * 1024) % 4096).astype(np.float32).reshape(1024, 1024)
        def total(image):
            return float(image.sum())
        total(image)
        n = 200
        t = time.perf_counter()
        for _ in range(n):
            total(image)
        print((time.perf_counter() - t) / n)
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python.contains("/") ? python : "/usr/bin/env")
        process.arguments = (python.contains("/") ? [] : [python]) + ["-c", script]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard let s = Double(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ValidationError("the Python reference printed no time")
        }
        return s
    }

    static func time(_ body: () -> Void) -> Double {
        let start = ContinuousClock.now
        body()
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
