import Foundation
import Handoff
import KaraboBridge
import Pipeline
import Synchronization
import Testing
import Views
import ViewsTestSupport

/// ``Pipeline/Execution-swift.enum/threads(_:)``: several trains in their per-train stage at
/// once on dedicated threads, the ordered stage in train order, the same results as inline.
@Suite(.timeLimit(.minutes(2))) struct PipelineThreadsTests {
    /// Counts how many `wait` views run at the same moment.
    final class Overlap: Sendable {
        private let state = Mutex((now: 0, most: 0, threads: Set<String>()))
        func enter() {
            state.withLock {
                $0.now += 1
                $0.most = max($0.most, $0.now)
                $0.threads.insert(WorkerThreads.currentThreadName ?? "not a pipeline thread")
            }
        }
        func leave() { state.withLock { $0.now -= 1 } }
        var most: Int { state.withLock { $0.most } }
        var threads: Set<String> { state.withLock { $0.threads } }
    }

    /// `wait`: blocks its thread for `ms` (as a Python view waits on its worker), then 2 × input.
    /// `running`: a reduce view, the list of train IDs it saw, in the order it saw them.
    static func library(_ overlap: Overlap) -> OperatorLibrary {
        let wait = OperatorSpec(name: "wait", summary: "blocks, then doubles",
                                inputs: [InputSpec("input", .scalar)],
                                parameters: [ParameterSpec("ms", .int, default: .int(60))], output: .scalar) { p throws(ParameterProblem) in
            let ms = p.int("ms")!
            return TrainFunction { inputs in
                overlap.enter()
                defer { overlap.leave() }
                Thread.sleep(forTimeInterval: Double(ms) / 1000)
                return .scalar(2 * (try inputs.scalar("input")))
            }
        }
        let running = OperatorSpec(name: "running", summary: "train IDs in order", inputs: [InputSpec("input", .scalar)],
                                   stage: .reduce, output: .vector) { _ throws(ParameterProblem) in
            StatefulFunction(initial: [Double]()) { seen, inputs in
                _ = try inputs.scalar("input")
                seen.append(Double(inputs.trainID))
                return .vector(.float64(seen), x: Axis(values: seen.indices.map(Double.init)), value: Axis())
            }
        }
        var l = TestOperators.library
        l.register(contentsOf: OperatorLibrary([wait, running]))
        return l
    }

    static let yaml = """
    views:
      slow:
        operator: wait
        input: SRC/A[value]
      order:
        operator: running
        input: view:slow
      total:
        operator: scalar_sum
        input: SRC/B[image]
    """

    func run(_ execution: Pipeline.Execution, trains: Int, limit: Int? = nil) async throws -> (CollectingSink, Overlap, Int) {
        let overlap = Overlap()
        let runner = try ViewRunner(definitions: try ViewsFile.parse(Self.yaml), library: Self.library(overlap))
        let sink = CollectingSink()
        let pipeline = Pipeline(runner: runner, sinks: [sink], execution: execution)
        let list = (1...trains).map { TestTrains.scalar(UInt64(100 + $0), value: Double($0)) }
        let processed = await pipeline.run(ListedTrains(list), limit: limit)
        return (sink, overlap, processed)
    }

    @Test func severalTrainsAtOnceOffThePoolInOrderWithTheInlineResults() async throws {
        let (threaded, overlap, processed) = try await run(.threads(3), trains: 9)
        #expect(processed == 9)
        // The per-train stages overlapped, on the pipeline's threads (never the cooperative pool's).
        #expect(overlap.most >= 2, "per-train stages did not overlap")
        #expect(overlap.most <= 3)
        #expect(overlap.threads.allSatisfy { $0.hasPrefix("train-stage-") }, "ran on \(overlap.threads)")

        let (inline, inlineOverlap, _) = try await run(.inline, trains: 9)
        #expect(inlineOverlap.most == 1)
        let a = threaded.messages, b = inline.messages
        #expect(a.map(\.train.trainID) == b.map(\.train.trainID))
        #expect(a.dropFirst().map(\.train.trainID) == (101...109).map { UInt64($0) })
        let decoder = BridgeDecoder()
        for (x, y) in zip(a.dropFirst(), b.dropFirst()) {
            let dx = try decoder.decode(x.frames), dy = try decoder.decode(y.frames)
            for name in ["view/slow", "view/total"] {
                #expect(dx.sources[name]?.data["value"]?.double == dy.sources[name]?.data["value"]?.double)
            }
            #expect(dx.sources["view/order"]?.array("data")?.doubles() == dy.sources["view/order"]?.array("data")?.doubles())
        }
        // The reduce view saw every train once, in train order.
        let last = try decoder.decode(try #require(a.last).frames)
        #expect(last.sources["view/order"]?.array("data")?.doubles() == (101...109).map(Double.init))
        #expect(last.sources["view/slow"]?.data["value"]?.double == 18)
    }

    @Test func theLimitCountsTrainsStartedAndAllOfThemFinish() async throws {
        let (sink, _, processed) = try await run(.threads(4), trains: 10, limit: 5)
        #expect(processed == 5)
        #expect(sink.messages.dropFirst().map(\.train.trainID) == (101...105).map { UInt64($0) })
    }

    @Test func aReloadWhileTrainsAreInFlightAppliesFromTheNextTrain() async throws {
        let overlap = Overlap()
        let runner = try ViewRunner(definitions: try ViewsFile.parse(Self.yaml), library: Self.library(overlap))
        let sink = CollectingSink()
        let pipeline = Pipeline(runner: runner, sinks: [sink], execution: .threads(2))
        let (stream, input) = AsyncStream<Train>.makeStream()
        let running = Task { await pipeline.run(ListedTrains(stream)) }
        for i in 1...3 { input.yield(TestTrains.scalar(UInt64(i))) }
        // Remove `slow` (and `order`, which reads it) while trains are in their per-train stage.
        try await runner.load(try ViewsFile.parse("views:\n  total:\n    operator: scalar_sum\n    input: SRC/B[image]\n"))
        for i in 4...6 { input.yield(TestTrains.scalar(UInt64(i))) }
        input.finish()
        #expect(await running.value == 6)
        let results = sink.messages.filter { !$0.isIndex }
        #expect(results.map(\.train.trainID) == [1, 2, 3, 4, 5, 6])
        // Every train has the view both graphs share; none has a view of the removed ones after the reload.
        #expect(results.allSatisfy { $0.train.sources["view/total"] != nil })
        #expect(results.filter { ($0.train.trainID ?? 0) >= 4 }.allSatisfy { $0.train.sources["view/slow"] == nil })
        let status = await runner.status()
        #expect(status.views.keys.elementsEqual(["total"]))
        #expect(status.processed == 6)
    }
}
