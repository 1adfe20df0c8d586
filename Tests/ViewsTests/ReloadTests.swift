import Foundation
import KaraboBridge
import Testing
import Views
import ViewsTestSupport

/// Reloading while running: unchanged views keep their state, broken files change nothing,
/// parameters change at run time.
@Suite struct ReloadTests {
    static let base = """
    views:
      n:
        operator: count
        input: SRC/A[value]
      m:
        operator: count
        input: SRC/A[value]
        params: {start: 100}
      s:
        operator: scale
        input: SRC/A[value]
    """

    func runner(_ yaml: String = base) throws -> ViewRunner {
        try ViewRunner(definitions: try ViewsFile.parse(yaml), library: TestOperators.library)
    }

    @Test func unchangedViewsKeepTheirState() async throws {
        let r = try runner()
        for id in 1...3 { await r.process(TestTrains.scalar(UInt64(id))) }
        // m's parameters change, n is untouched, s moves and is hidden, t is new.
        let summary = try await r.load(try ViewsFile.parse("""
        views:
          t:
            operator: scale
            input: view:n
          s:
            operator: scale
            input: SRC/A[value]
            hidden: true
          n:
            operator: count
            input: SRC/A[value]
          m:
            operator: count
            input: SRC/A[value]
            params: {start: 200}
        """))
        #expect(Set(summary.kept) == ["n", "s"])
        #expect(Set(summary.started) == ["t", "m"])
        let report = await r.process(TestTrains.scalar(4))
        #expect(report.value("n")?.double == 4, "n kept its count")
        #expect(report.value("m")?.double == 201, "m restarted with its new parameters")
        #expect(report.value("t")?.double == 8)
        #expect(report["n"]?.version == 1)
        #expect(report["m"]?.version == 2)
    }

    @Test func aBrokenFileLeavesTheRunningGraphAlone() async throws {
        let r = try runner()
        await r.process(TestTrains.scalar(1))
        await #expect(throws: ViewsFileError.self) {
            try await r.load(try ViewsFile.parse("""
            views:
              n:
                operator: count
                input: view:missing
            """))
        }
        let report = await r.process(TestTrains.scalar(2))
        #expect(report.value("n")?.double == 2)
        #expect(report.value("m")?.double == 102)
    }

    @Test func parametersChangeAtRunTimeAndSurviveUnrelatedReloads() async throws {
        let r = try runner()
        await r.process(TestTrains.scalar(1, value: 1))
        let reply = await r.handle(.set(view: "s", parameters: ["factor": .double(5)]))
        #expect(reply["ok"] == .bool(true))
        #expect(reply["version"] == .int(2))
        #expect(await r.process(TestTrains.scalar(2, value: 1)).value("s")?.double == 5)
        #expect(await r.process(TestTrains.scalar(3, value: 1)).value("n")?.double == 3, "others keep state")
        // A bad value is refused and changes nothing.
        let bad = await r.handle(.set(view: "s", parameters: ["factor": .string("big")]))
        #expect(bad["ok"] == .bool(false))
        #expect(bad["error"]?.string?.contains("factor") == true)
        let unknown = await r.handle(.set(view: "s", parameters: ["gain": .double(1)]))
        #expect(unknown["ok"] == .bool(false))
        // Reloading the same file keeps the runtime change.
        try await r.load(try ViewsFile.parse(Self.base))
        let after = await r.process(TestTrains.scalar(4, value: 1))
        #expect(after.value("s")?.double == 5)
        #expect(after.value("n")?.double == 4)
        // Resetting restarts the state.
        #expect(await r.handle(.reset(view: "n"))["ok"] == .bool(true))
        #expect(await r.process(TestTrains.scalar(5, value: 1)).value("n")?.double == 1)
    }

    @Test func controlCommandsParseFromJSON() throws {
        #expect(try ControlCommand(text: Data(#"{"index": true}"#.utf8)) == .index)
        guard case let .set(view, parameters) = try ControlCommand(text: Data(#"{"set": {"view": "roi", "params": {"x": 10, "roi": [1, 2.5]}}}"#.utf8)) else {
            Issue.record("not a set"); return
        }
        #expect(view == "roi")
        #expect(Dictionary(uniqueKeysWithValues: parameters.map { ($0.key, $0.value) }) == ["x": .int(10), "roi": .list([.int(1), .double(2.5)])])
        #expect(try ControlCommand(text: Data(#"{"dark": {"view": "dark", "action": "record", "trains": 5}}"#.utf8))
                == .action(view: "dark", action: "record", arguments: ["trains": .int(5)]))
        #expect(throws: ControlError.self) { try ControlCommand(text: Data(#"{"fly": true}"#.utf8)) }
        #expect(throws: ControlError.self) { try ControlCommand(text: Data("nope".utf8)) }
    }

    @Test func theWatcherSwapsInEditsAndReportsBrokenOnes() async throws {
        let dir = try FileManager.default.url(for: .itemReplacementDirectory, in: .userDomainMask,
                                              appropriateFor: FileManager.default.temporaryDirectory, create: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("views.yaml")
        try Self.base.write(to: file, atomically: true, encoding: .utf8)
        let r = try runner()
        await r.process(TestTrains.scalar(1))
        let (reports, sink) = AsyncStream.makeStream(of: Result<ViewRunner.ReloadSummary, ViewsFileError>.self)
        let following = Task { await r.follow(ViewsFileWatcher(url: file, interval: 0.02)) { sink.yield($0) } }
        defer { following.cancel() }
        var events = reports.makeAsyncIterator()
        try await Task.sleep(for: .milliseconds(100))  // let the watcher read the file as it is
        try (Self.base + "\n  x:\n    operator: nope\n").write(to: file, atomically: true, encoding: .utf8)
        guard case let .failure(error) = await events.next() else { Issue.record("broken edit not reported"); return }
        #expect(error.problems.first?.view == "x")
        #expect(error.problems.first?.location.line == 13, "the operator line")
        #expect(await r.process(TestTrains.scalar(2, value: 1)).value("n")?.double == 2, "still running")
        try (Self.base + "\n  x:\n    operator: scale\n    input: view:s\n").write(to: file, atomically: true, encoding: .utf8)
        guard case let .success(summary) = await events.next() else { Issue.record("fixed edit not loaded"); return }
        #expect(summary.started == ["x"])
        let report = await r.process(TestTrains.scalar(3, value: 1))
        #expect(report.value("x")?.double == 4)
        #expect(report.value("n")?.double == 3)
    }
}
