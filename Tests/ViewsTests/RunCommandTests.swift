import BridgeSockets
import Foundation
import KaraboBridge
import Testing
import TestSupport
import Views
import ViewsTestSupport

/// `trainspotter run` as a process: a stream in, results out to the Python client, the control
/// socket and a reload of the views file while it runs.
@Suite(.timeLimit(.minutes(4))) struct RunCommandTests {
    static let yaml = """
    views:
      frame:
        operator: pick
        input: SRC/B[image]
        hidden: true
      smooth:
        operator: gaussian
        input: view:frame
        params: {sigma: 1}
      total:
        operator: scalar_sum
        input: view:frame
    """

    @Test func runPublishesTakesCommandsAndReloads() async throws {
        let dir = try TestEnvironment.temporaryDirectory("views-run")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("views.yaml")
        try Self.yaml.write(to: file, atomically: true, encoding: .utf8)
        let source = try await BridgeServer.start(BridgeServerConfiguration(endpoint: "tcp://127.0.0.1:0", pattern: .rep))
        defer { source.close() }
        let feeder = Task {
            var id: UInt64 = 1
            while !Task.isCancelled {
                await source.send(TestTrains.scalar(id, value: Double(id)))
                id += 1
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        defer { feeder.cancel() }
        let publishPort = TestEnvironment.freePort(), controlPort = TestEnvironment.freePort()
        let run = try ChildProcess.trainspotter([
            "run", "--connect", source.endpoint, "-z", "REP", "--views", file.path,
            "--publish", "tcp://127.0.0.1:\(publishPort)", "--control", "tcp://127.0.0.1:\(controlPort)",
            "--status-interval", "0.5",
        ])
        defer { run.signal() }
        try await run.waitForOutput("running on", timeout: 60)
        try await run.waitForOutput("trains in", timeout: 60)

        // Results, read by the reference client.
        let results = try await Self.read(publishPort, count: 2)
        for line in results {
            let views = try #require(line["views"]?.object)
            #expect(Set(views.keys) == ["smooth", "total"])
            #expect(views["total"]?["value"]?.double == 66)
            #expect(views["smooth"]?["kind"]?.string == "image")
            #expect(views["smooth"]?["data"]?.array?.count == 3)
        }

        // Control: index, a parameter change (version 2), a refused change, an unknown view.
        let control = try ChildProcess.python("views_control.py", [
            "tcp://127.0.0.1:\(controlPort)", #"{"index": true}"#,
            #"{"set": {"view": "smooth", "params": {"sigma": 2}}}"#,
            #"{"set": {"view": "smooth", "params": {"sigma": -1}}}"#,
            #"{"reset": {"view": "nothere"}}"#,
            #"{"status": true}"#,
        ])
        let replies = try await control.succeed(timeout: 60).stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
        #expect(replies.count == 5)
        let index = try #require(replies.first?["views"]?.array)
        #expect(index.compactMap { $0["name"]?.string } == ["frame", "smooth", "total"])
        #expect(index.first { $0["name"]?.string == "smooth" }?["kind"]?.string == "image")
        #expect(index.first { $0["name"]?.string == "frame" }?["hidden"]?.bool == true)
        #expect(replies[1]["ok"]?.bool == true)
        #expect(replies[1]["version"]?.int == 2)
        #expect(replies[2]["ok"]?.bool == false)
        #expect(replies[3]["ok"]?.bool == false)
        #expect(replies[4]["processed"]?.int ?? 0 > 0)
        let afterSet = try await Self.read(publishPort, count: 1)
        #expect(afterSet.first?["views"]?["smooth"]?["version"]?.int == 2)

        // Reload: a broken edit is reported and changes nothing; a sound one adds a view.
        try (Self.yaml + "\n  broken:\n    operator: nope\n").write(to: file, atomically: true, encoding: .utf8)
        try await run.waitForOutput("not reloaded", timeout: 30)
        try (Self.yaml + "\n  ids:\n    operator: pick\n    input: train:id\n").write(to: file, atomically: true, encoding: .utf8)
        try await run.waitForOutput("reloaded \(file.path)", timeout: 30)
        let afterReload = try await Self.read(publishPort, count: 2)
        for line in afterReload {
            let views = try #require(line["views"]?.object)
            #expect(Set(views.keys) == ["smooth", "total", "ids"])
            #expect(views["ids"]?["value"]?.uint64 == line["train_id"]?.uint64)
            #expect(views["smooth"]?["version"]?.int == 2, "the runtime change survives an unrelated reload")
        }
        #expect(run.stderr.contains("view 'broken'"))
    }

    /// The next `count` result messages from the Python client.
    static func read(_ port: Int, count: Int) async throws -> [JSONValue] {
        let client = try ChildProcess.python("views_results.py", ["tcp://127.0.0.1:\(port)", "SUB", "\(count)"])
        let out = try await client.succeed(timeout: 60).stdout
        return try out.split(separator: "\n").filter { $0.hasPrefix("{\"train_id") }.map { try JSONValue.parse(String($0)) }
    }
}
