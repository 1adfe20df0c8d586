import BridgeSockets
import Foundation
import KaraboBridge
import Pipeline
import Testing
import TestSupport
import Views
import ViewsTestSupport

/// Results republished over the bridge and read by the reference Python client.
@Suite(.timeLimit(.minutes(3))) struct PublishingTests {
    static let yaml = """
    views:
      profile:
        operator: ramp
        input: SRC/A[value]
      energy_vs_motor:
        operator: pair
        inputs: {x: "SRC/A[value]", y: "SRC/B[value]"}
        params: {x_label: motor, x_unit: mm, y_label: energy, y_unit: uJ}
      frame:
        operator: pick
        input: SRC/B[image]
      total:
        operator: scalar_sum
        input: view:frame
      internal:
        operator: scale
        input: SRC/A[value]
        hidden: true
    """

    @Test func thePythonClientReadsTheResultStream() async throws {
        let publisher = try await PublisherSink.start(BridgeServerConfiguration(endpoint: "tcp://127.0.0.1:0", pattern: .pub))
        let runner = try ViewRunner(definitions: try ViewsFile.parse(Self.yaml), library: TestOperators.library)
        await runner.attachOutputCounters { (publisher.published, publisher.unpublished) }
        let pipeline = Pipeline(runner: runner, sinks: [publisher])
        let client = try ChildProcess.python("views_results.py", [publisher.endpoint, "SUB", "3"])
        try await client.waitForOutput("CONNECTED")
        // PUB drops what nobody is subscribed to yet: keep processing until the client has its trains.
        let feeder = Task {
            var id: UInt64 = 1000
            while !Task.isCancelled {
                await pipeline.process(TestTrains.scalar(id, value: 2))
                id += 1
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        defer { feeder.cancel() }
        let result = try await client.succeed(timeout: 90)
        let lines = try result.stdout.split(separator: "\n").filter { $0.hasPrefix("{\"train_id") }.map { try JSONValue.parse(String($0)) }
        #expect(lines.count == 3)
        for line in lines {
            let tid = try #require(line["train_id"]?.uint64)
            let views = try #require(line["views"]?.object)
            #expect(Set(views.keys) == ["profile", "energy_vs_motor", "frame", "total"], "hidden views are not published")
            for (_, v) in views { #expect(v["train_id"]?.uint64 == tid) }
            let profile = try #require(views["profile"])
            #expect(profile["kind"]?.string == "vector")
            #expect(profile["version"]?.int == 1)
            #expect(profile["data"]?.array?.compactMap(\.double) == [0, 2, 4, 6])
            #expect(profile["x.unit"]?.string == "nm^-1")
            let pair = try #require(views["energy_vs_motor"])
            #expect(pair["x"]?.array?.compactMap(\.double) == [2])
            #expect(pair["y"]?.array?.compactMap(\.double) == [10])
            #expect(pair["y.label"]?.string == "energy")
            let frame = try #require(views["frame"])
            #expect(frame["kind"]?.string == "image")
            #expect(frame["data"]?.array?.count == 3)
            #expect(views["total"]?["value"]?.double == 66)
        }
        let status = await runner.status()
        #expect(status.published >= 3)
        #expect(status.failed == 0)
        _ = await publisher.close()
    }
}
