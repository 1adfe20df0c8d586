import DequeModule
import Handoff
import Views

extension Pipeline {
    /// ``run(_:limit:)`` with ``Execution-swift.enum/threads(_:)``: up to `concurrency` trains
    /// in their per-train stage at once on dedicated threads (and one more queued for the next
    /// free thread), each finished (ordered stage, statistics, delivery) in the order the
    /// trains arrived.
    ///
    /// Each train runs on the graph that was active when it arrived; a reload or a parameter
    /// change therefore applies from the next train that arrives, as it does inline.
    func runOnThreads<Source: TrainSource>(_ source: Source, limit: Int?, concurrency: Int) async -> Int {
        let trainThreads = WorkerThreads(count: concurrency, name: "train-stage")
        let orderedThread = WorkerThreads(count: 1, name: "reduce-stage")
        defer {
            trainThreads.close()
            orderedThread.close()
        }
        var inFlight = Deque<Completion<StageOutput>>()
        var started = 0
        var done = 0

        func finishOldest() async {
            guard let oldest = inFlight.popFirst() else { return }
            let partial = await oldest.value()
            let graph = await runner.active
            let report = await orderedThread.run { graph.runReduceStage(partial) }
            let output = await runner.complete(report, in: graph)
            for message in output.messages { await deliver(message) }
            done += 1
        }

        for await train in source.makeTrains() {
            await runner.noteDropped(source.droppedTrains)
            let graph = await runner.active
            inFlight.append(trainThreads.start { graph.runTrainStage(train) })
            started += 1
            // One train more than threads: it is queued, so a thread that frees starts it at once.
            if inFlight.count > concurrency { await finishOldest() }
            if let limit, started >= limit { break }
        }
        while !inFlight.isEmpty { await finishOldest() }
        await runner.noteDropped(source.droppedTrains)
        return done
    }
}
