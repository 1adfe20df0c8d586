import BridgeSockets
import Foundation
import KaraboBridge
import Pipeline
import Recording
import TestSupport
import Testing
import Views
import ViewsTestSupport

/// The pipeline in-process: decoded trains in, messages out to sinks, nothing spawned.
@Suite(.timeLimit(.minutes(2))) struct PipelineTests {
    static let yaml = """
    views:
      profile:
        operator: ramp
        input: SRC/A[value]
      frame:
        operator: pick
        input: SRC/B[image]
      total:
        operator: scalar_sum
        input: view:frame
    """

    static func runner() throws -> ViewRunner {
        try ViewRunner(definitions: try ViewsFile.parse(yaml), library: TestOperators.library)
    }

    @Test func everySinkGetsEveryMessageInOrderEncodedOnce() async throws {
        let first = CollectingSink(), second = CollectingSink()
        let pipeline = Pipeline(runner: try Self.runner(), sinks: [first, second])
        let trains = (100..<105).map { TestTrains.scalar(UInt64($0), value: Double($0)) }
        let processed = await pipeline.run(ListedTrains(trains))
        #expect(processed == 5)
        let a = first.messages, b = second.messages
        // The index first (the graph is new), then one result message per train.
        #expect(a.count == 6 && b.count == 6)
        #expect(a.first?.isIndex == true)
        #expect(a.dropFirst().map(\.train.trainID) == [100, 101, 102, 103, 104])
        let decoder = BridgeDecoder()
        for (x, y) in zip(a, b) {
            // One encoding, shared: the second sink sees the very bytes the first one saw.
            #expect(x.frames.count == y.frames.count)
            for (fx, fy) in zip(x.frames, y.frames) { #expect(fx.isSameMemory(as: fy)) }
            // The frames are the message's values, as a client decodes them.
            let decoded = try decoder.decode(x.frames)
            #expect(Set(decoded.sources.keys) == Set(x.train.sources.keys))
        }
        let last = try decoder.decode(try #require(a.last).frames)
        #expect(last.sources["view/total"]?.data["value"]?.double == 66)
        #expect(last.sources["view/profile"]?.array("data")?.doubles() == [0, 104, 208, 312])
    }

    @Test func theLimitStopsTheRunAndTheIndexComesAgainAfterAReload() async throws {
        let sink = CollectingSink()
        let runner = try Self.runner()
        let pipeline = Pipeline(runner: runner, sinks: [sink])
        let trains = (1...10).map { TestTrains.scalar(UInt64($0)) }
        #expect(await pipeline.run(ListedTrains(trains), limit: 3) == 3)
        #expect(sink.messages.filter(\.isIndex).count == 1)
        try await runner.load(try ViewsFile.parse(Self.yaml + "\n  again:\n    operator: pick\n    input: SRC/A[value]\n"))
        await pipeline.process(TestTrains.scalar(11))
        let messages = sink.messages
        #expect(messages.count == 6)
        #expect(messages[4].isIndex, "a changed graph is announced before the next results")
        #expect(messages[5].train.sources["view/again"] != nil)
    }

    @Test func protocolOneZeroIsEncodedAsOneFrame() async throws {
        let sink = CollectingSink()
        let pipeline = Pipeline(runner: try Self.runner(), sinks: [sink], protocolVersion: .v1_0)
        await pipeline.process(TestTrains.scalar(7))
        #expect(sink.messages.map(\.frames.count) == [1, 1])
        let decoded = try BridgeDecoder().decode(try #require(sink.messages.last).frames)
        #expect(decoded.trainID == 7)
    }
}
