import Foundation
import KaraboBridge
import PythonViews
import TestSupport
import Testing
import Views

/// Reloads, load-time problems, exceptions, crashes and timeouts, with real workers.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct PythonFailureTests {
    static let base = """
    state = {"n": 0}

    @View.Scalar(stage="reduce")
    def counter(_: "internal#train_id"):
        state["n"] += 1
        return state["n"]

    @View.Scalar
    def total(image: "karabo#SRC/CAM:output[data.image]"):
        return float(image.sum())

    @View.Scalar
    def plus(t: "view#total", add: float = 1):
        return t + add
    """

    static func write(_ text: String, _ dir: URL) throws {
        try text.write(to: dir.appendingPathComponent("ctx.py"), atomically: true, encoding: .utf8)
    }

    @Test func reloadKeepsStateOfUnchangedViewsAndRejectsBadFiles() async throws {
        let (runtime, loader, runner, dir) = try await PythonRuntimeTests.start(context: Self.base, yaml: "python: ctx.py\n")
        defer { runtime.close() }
        for id in UInt64(1)...3 { _ = await runner.process(PythonTestSupport.train(id)) }
        // Change `plus` only: `counter` keeps counting, `plus` restarts (version 2) with the new code.
        try Self.write(Self.base.replacingOccurrences(of: "return t + add", with: "return t + 10 * add"), dir)
        let setup = try await loader.loadOffPool().get()
        let summary = try await runner.load(setup.definitions, library: setup.library)
        #expect(summary.kept.contains("counter") && summary.kept.contains("total") && summary.started == ["plus"])
        let report = await runner.process(PythonTestSupport.train(4))
        let sum = PythonTestSupport.image(4).joined().reduce(0, +)
        #expect(report.value("counter")?.double == 4, "state kept across the reload")
        #expect(report.value("plus")?.double == sum + 10)
        #expect(report["plus"]?.version == 2 && report["counter"]?.version == 1)

        // A syntax error: FILE:LINE, and the running graph is untouched.
        try Self.write(Self.base + "\n@View.Scalar\ndef broken(x: \"view#total\"):\n    return (x\n", dir)
        let syntax = await loader.loadOffPool()
        guard case let .failure(error) = syntax else { Issue.record("a syntax error loaded"); return }
        #expect(error.description.contains("ctx.py:17") && error.description.contains("syntax error"), "\(error)")
        // An unknown input path, at the argument's line.
        try Self.write(Self.base + "\n@View.Scalar\ndef lost(x: \"nowhere\"):\n    return x\n", dir)
        guard case let .failure(unknown) = await loader.loadOffPool() else { Issue.record("an unknown path loaded"); return }
        #expect(unknown.description.contains("ctx.py:16") && unknown.description.contains("unknown input path 'nowhere'"), "\(unknown)")
        // A kind mismatch: a YAML gaussian reading a Python scalar.
        try Self.write(Self.base, dir)
        try "python: ctx.py\nviews:\n  g:\n    operator: gaussian\n    input: view:total\n    params: {sigma: 1}\n"
            .write(to: dir.appendingPathComponent("views.yaml"), atomically: true, encoding: .utf8)
        let mismatch = try await loader.loadOffPool().get()
        #expect(throws: ViewsFileError.self) { try ViewGraph(mismatch.definitions, library: mismatch.library) }
        let still = await runner.process(PythonTestSupport.train(5))
        #expect(still.value("counter")?.double == 5 && still.value("plus") != nil)
    }

    static let failing = """
    import os, time

    @View.Scalar
    def total(image: "karabo#SRC/CAM:output[data.image]"):
        return float(image.sum())

    @View.Scalar
    def divide(t: "view#total"):
        x = 0
        return t / x

    @View.Scalar
    def after(d: "view#divide"):
        return d

    @View.Scalar
    def crash(t: "view#total", tid: "internal#train_id"):
        if tid == 2:
            os._exit(3)
        return 1

    @View.Scalar
    def slow(t: "view#total", tid: "internal#train_id"):
        if tid == 3:
            time.sleep(30)
        return 2
    """

    @Test func exceptionsCrashesAndTimeoutsLeaveTheOtherViewsRunning() async throws {
        let (runtime, _, runner, _) = try await PythonRuntimeTests.start(workers: 2, timeout: 2, context: Self.failing, yaml: "python: ctx.py\n")
        defer { runtime.close() }
        for id in UInt64(1)...5 {
            let report = await runner.process(PythonTestSupport.train(id))
            let sum = PythonTestSupport.image(id).joined().reduce(0, +)
            #expect(report.value("total")?.double == sum, "train \(id): the other views run on")
            let message = report.failure("divide") ?? ""
            #expect(message.contains("ZeroDivisionError") && message.contains("ctx.py:10"), "\(message)")
            if case .gated(by: "divide")? = report["after"]?.outcome {} else { Issue.record("after is not gated") }
            if id == 2 {
                #expect(report.failure("crash")?.contains("exited") == true, "\(String(describing: report.failure("crash")))")
            } else {
                #expect(report.value("crash")?.double == 1)
            }
            if id == 3 {
                #expect(report.failure("slow")?.contains("timeout") == true, "\(String(describing: report.failure("slow")))")
            } else {
                #expect(report.value("slow")?.double == 2)
            }
        }
        let counters = runtime.counters
        #expect(counters.crashes == 1 && counters.timeouts == 1 && counters.exceptions == 5)
        #expect(counters.restarts == 2)
        let status = await runner.status()
        #expect(status.views["divide"]?.failed == 5)
    }
}

/// The watcher `run` uses: an edited context is picked up between trains.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct PythonReloadWatchTests {
    @Test func editedContextIsSwappedInByTheWatcher() async throws {
        let (runtime, loader, runner, dir) = try await PythonRuntimeTests.start(context: PythonFailureTests.base, yaml: "python: ctx.py\n")
        defer { runtime.close() }
        let watching = Task { await loader.follow(runner, interval: 0.1) { _ in } }
        defer { watching.cancel() }
        _ = await runner.process(PythonTestSupport.train(1))
        try PythonFailureTests.write(PythonFailureTests.base.replacingOccurrences(of: "return t + add", with: "return -add"), dir)
        var seen: Double?
        for id in UInt64(2)..<200 {
            seen = await runner.process(PythonTestSupport.train(id)).value("plus")?.double
            if seen == -1 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(seen == -1, "the edited function runs")
        #expect(runtime.contextVersion == 2)
        let report = await runner.process(PythonTestSupport.train(500))
        #expect(report.value("counter")?.double ?? 0 > 2, "the unchanged reduce view kept counting")
    }
}
