import Foundation
import KaraboBridge
import Pipeline
import PythonViews
import TestSupport
import Testing
import Views

/// The pipeline's threaded execution with real Python workers: per-train Python views of
/// several trains run in different worker processes at the same time, the ordered stage sees
/// the trains in order, and no Python call waits on the cooperative pool.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct PythonParallelTrainsTests {
    static let context = """
    import os
    import time
    import numpy as np

    seen = []

    @View.Vector
    def slow(image: "karabo#SRC/CAM:output[data.image]", tid: "internal#train_id"):
        start = time.monotonic()
        time.sleep(0.2)
        return np.array([float(os.getpid()), start, time.monotonic(), float(image.sum())])

    @View.Vector(stage="reduce")
    def order(s: "view#slow", tid: "internal#train_id"):
        seen.append(float(tid))
        return np.array(seen)
    """

    @Test func trainsOverlapInDifferentWorkersAndTheReduceStageStaysInOrder() async throws {
        let (runtime, _, runner, _) = try await PythonRuntimeTests.start(workers: 2, context: Self.context,
                                                                           yaml: "python: ctx.py\n")
        defer { runtime.close() }
        let sink = CollectingSink()
        let pipeline = Pipeline(runner: runner, sinks: [sink], execution: .threads(2))
        let ids = (UInt64(200)..<UInt64(208))
        let processed = await pipeline.run(ListedTrains(ids.map { PythonTestSupport.train($0) }))
        #expect(processed == ids.count)

        let decoder = BridgeDecoder()
        var rows: [(pid: Double, start: Double, end: Double)] = []
        let results = sink.messages.filter { !$0.isIndex }
        #expect(results.map(\.train.trainID) == ids.map { $0 })
        for (id, message) in zip(ids, results) {
            let train = try decoder.decode(message.frames)
            let slow = try #require(train.sources["view/slow"]?.array("data")?.doubles(), "train \(id): \(train.sources.keys)")
            #expect(slow[3] == PythonTestSupport.image(id).joined().reduce(0, +))
            rows.append((slow[0], slow[1], slow[2]))
        }
        // Both per-train workers served trains, and some of those calls ran at the same time.
        #expect(Set(rows.map(\.pid)).count == 2, "pids \(rows.map(\.pid))")
        let overlapping = zip(rows, rows.dropFirst()).filter { a, b in b.start < a.end && a.start < b.end }
        #expect(!overlapping.isEmpty, "no two trains' Python calls overlapped: \(rows)")
        // The reduce view (its own worker) saw every train once, in train order.
        let last = try decoder.decode(try #require(results.last).frames)
        #expect(last.sources["view/order"]?.array("data")?.doubles() == ids.map { Double($0) })
        #expect(runtime.counters.exceptions == 0 && runtime.counters.crashes == 0)
    }
}
