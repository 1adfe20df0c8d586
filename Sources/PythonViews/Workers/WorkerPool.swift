import ByteSlices
import Dispatch
import Foundation
import KaraboBridge
import Synchronization
import Views

/// K worker processes for per-train views plus one for `reduce` views (which then see trains in
/// order and may keep state). Processes are started and restarted by a dedicated supervisor
/// thread; a caller holds one worker for one call and waits at most the timeout for its answer.
final class WorkerPool: Sendable {
    struct Load: Sendable {
        var sequence: Int
        var text: String
        var file: String
    }

    private struct State: Sendable {
        var idleTrain: [Int] = []
        var reduceIdle = false
        var loads: [Load] = []
        var nextLoad = 1
        var counters = PythonCounters()
        var restartQueue: [Int] = []
        var closed = false
        var startProblem: String?
    }

    let configuration: PythonConfiguration
    private let slots: [WorkerSlot]
    private let state = Mutex(State())
    private let trainFree = DispatchSemaphore(value: 0)
    private let reduceFree = DispatchSemaphore(value: 0)
    private let restartSignal = DispatchSemaphore(value: 0)
    private static let keptLoads = 4

    init(_ configuration: PythonConfiguration) {
        self.configuration = configuration
        var slots = (0..<configuration.workers).map { WorkerSlot(index: $0, stage: .train) }
        slots.append(WorkerSlot(index: configuration.workers, stage: .reduce))
        self.slots = slots
        SharedSegment.sweep()
        state.withLock { $0.restartQueue = Array(slots.indices) }
        let thread = Thread { [self] in supervise() }
        thread.name = "trainspotter.python.supervisor"
        thread.start()
        for _ in slots { restartSignal.signal() }
    }

    var counters: PythonCounters { state.withLock { $0.counters } }

    /// The text of the first start failure, if workers cannot be started at all.
    var startProblem: String? { state.withLock { $0.startProblem } }

    // MARK: Supervision (its own thread)

    private func supervise() {
        var first = Set(slots.indices)
        while true {
            restartSignal.wait()
            let next: Int? = state.withLock { s in s.closed ? nil : (s.restartQueue.isEmpty ? -1 : s.restartQueue.removeFirst()) }
            guard let index = next else { return }
            guard index >= 0 else { continue }
            let slot = slots[index]
            slot.worker?.kill()
            slot.worker = nil
            slot.segment = nil
            slot.segmentAttached = false
            slot.appliedLoad = 0
            do {
                slot.worker = try WorkerProcess(configuration)
            } catch {
                state.withLock { $0.startProblem = error.message; $0.restartQueue.append(index) }
                Thread.sleep(forTimeInterval: 1)
                restartSignal.signal()
                continue
            }
            if first.remove(index) == nil { state.withLock { $0.counters.restarts += 1 } }
            release(slot)
        }
    }

    private func release(_ slot: WorkerSlot) {
        let closed = state.withLock { s -> Bool in
            if !s.closed { if slot.stage == .reduce { s.reduceIdle = true } else { s.idleTrain.append(slot.index) } }
            return s.closed
        }
        if closed { slot.worker?.stop(); return }
        (slot.stage == .reduce ? reduceFree : trainFree).signal()
    }

    private func acquire(_ stage: Stage, wait: Double) throws(PythonError) -> WorkerSlot {
        let semaphore = stage == .reduce ? reduceFree : trainFree
        guard semaphore.wait(timeout: .now() + wait) == .success else {
            let problem = startProblem.map { ": \($0)" } ?? ""
            throw PythonError(.busy, "no Python worker became free within \(Int(wait)) s\(problem)")
        }
        let index: Int? = state.withLock { s in
            if stage == .reduce { s.reduceIdle = false; return slots.count - 1 }
            return s.idleTrain.popLast()
        }
        guard let index else { throw PythonError(.busy, "no Python worker free") }
        return slots[index]
    }

    /// Hands a failed slot to the supervisor.
    private func restart(_ slot: WorkerSlot, after error: PythonError) {
        slot.worker?.kill()
        state.withLock { s in
            if error.kind == .timeout { s.counters.timeouts += 1 } else { s.counters.crashes += 1 }
            s.restartQueue.append(slot.index)
        }
        restartSignal.signal()
    }

    // MARK: Calls

    /// Runs `request` on a worker of `stage`, first writing `arrays` into its shared segment;
    /// `build` makes the request from the segment name and each array's offset.
    func call(_ stage: Stage, arrays: [NDArray], build: (_ segment: String, _ offsets: [Int]) -> [String: Any]) throws(PythonError) -> Frame {
        let slot = try acquire(stage, wait: configuration.timeout + 30)
        guard let worker = slot.worker else { restart(slot, after: PythonError(.crashed, "no process")); throw PythonError(.crashed, "the worker was not running") }
        do {
            try sync(slot, worker)
            var offsets: [Int] = []
            var end = 0
            for a in arrays {
                offsets.append(end)
                end += (a.byteCount + 63) / 64 * 64
            }
            if end > (slot.segment?.size ?? 0) {
                slot.segment = try SharedSegment(size: end + end / 4)
                slot.segmentAttached = false
            }
            let name = slot.segment?.name ?? ""
            if let segment = slot.segment {
                for (a, offset) in zip(arrays, offsets) {
                    a.contiguousData.withUnsafeBytes { raw in
                        if raw.count > 0 { (segment.base + offset).copyMemory(from: raw.baseAddress!, byteCount: raw.count) }
                    }
                }
            }
            let reply = try worker.call(build(name, offsets), deadline: .now + .milliseconds(Int(configuration.timeout * 1000)))
            if !slot.segmentAttached, !arrays.isEmpty {
                slot.segmentAttached = true
                slot.segment?.unlink()
            }
            state.withLock { s in
                s.counters.calls += 1
                if !reply.ok { s.counters.exceptions += 1 }
            }
            release(slot)
            return reply
        } catch {
            if error.kind == .sharedMemory {
                release(slot)
                throw error
            }
            restart(slot, after: error)
            let what = error.kind == .timeout
                ? "no answer within --python-timeout \(configuration.timeout) s: the worker (pid \(worker.pid)) was killed"
                : error.message
            throw PythonError(error.kind, what + "; it is restarted, this train has no result from it")
        }
    }

    /// Loads a context into one worker (whose answer describes it) and records it for the others,
    /// which apply it before their next call.
    func load(text: String, file: String) throws(PythonError) -> Frame {
        let slot = try acquire(.train, wait: configuration.timeout + 30)
        guard let worker = slot.worker else { restart(slot, after: PythonError(.crashed, "no process")); throw PythonError(.crashed, "the worker was not running") }
        do {
            try sync(slot, worker)
            let sequence = state.withLock { s in s.nextLoad }
            let reply = try worker.call(["op": "load", "text": text, "file": file, "version": sequence],
                                        deadline: .now + .milliseconds(Int(configuration.timeout * 1000) + 30_000))
            if reply.ok {
                state.withLock { s in
                    s.loads.append(Load(sequence: sequence, text: text, file: file))
                    s.nextLoad += 1
                    if s.loads.count > Self.keptLoads { s.loads.removeFirst(s.loads.count - Self.keptLoads) }
                }
                slot.appliedLoad = sequence
            }
            release(slot)
            return reply
        } catch {
            restart(slot, after: error)
            throw error
        }
    }

    /// Replays the context loads this worker has not seen yet.
    private func sync(_ slot: WorkerSlot, _ worker: WorkerProcess) throws(PythonError) {
        let pending = state.withLock { s in s.loads.filter { $0.sequence > slot.appliedLoad } }
        for load in pending {
            _ = try worker.call(["op": "load", "text": load.text, "file": load.file, "version": load.sequence],
                                deadline: .now + .milliseconds(Int(configuration.timeout * 1000) + 30_000))
            slot.appliedLoad = load.sequence
        }
    }

    /// Stops every worker (idle ones now, busy ones when their call ends).
    func close() {
        let idle: [Int] = state.withLock { s in
            s.closed = true
            var idle = s.idleTrain
            if s.reduceIdle { idle.append(slots.count - 1) }
            s.idleTrain = []
            s.reduceIdle = false
            return idle
        }
        for i in idle { slots[i].worker?.stop(); slots[i].segment = nil }
        restartSignal.signal()
    }
}
