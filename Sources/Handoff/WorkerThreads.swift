import DequeModule
import Foundation

/// A fixed set of dedicated threads for work that may block (a Python view waiting on its
/// worker process) or that should run beside the cooperative pool rather than on it (the
/// per-train stage of several trains at once).
///
/// Async callers suspend in ``run(_:)`` until their job finished on one of the threads; jobs
/// start in submission order, up to `count` at a time. ``close()`` lets the threads end once
/// the jobs already submitted are done; jobs submitted afterwards still run, on a thread of
/// their own, so that no caller is left suspended. The threads hold the pool until it is
/// closed: call ``close()`` when done with it.
package final class WorkerThreads: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs = Deque<@Sendable () -> Void>()
    private var closed = false
    /// The number of threads.
    package let count: Int

    /// Starts `count` (at least 1) threads named `name-1`, `name-2`, …
    package init(count: Int, name: String) {
        self.count = max(1, count)
        for i in 1...self.count {
            DedicatedThread.spawn(name: "\(name)-\(i)") { [self] in loop("\(name)-\(i)") }
        }
    }

    private func loop(_ name: String) {
        Thread.current.threadDictionary[Self.nameKey] = name
        while true {
            condition.lock()
            while jobs.isEmpty && !closed { condition.wait() }
            guard let job = jobs.popFirst() else { condition.unlock(); return }
            condition.unlock()
            job()
        }
    }

    private static let nameKey = "trainspotter.worker-threads"

    /// The name of the pool thread the caller runs on (`NAME-i`), nil elsewhere (e.g. on the
    /// cooperative pool). Thread names themselves are not reliable on Linux.
    package static var currentThreadName: String? { Thread.current.threadDictionary[nameKey] as? String }

    /// Queues `job` for the next free thread.
    package func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        if closed {
            condition.unlock()
            DedicatedThread.spawn(name: "late-job", job)
            return
        }
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Runs `body` on one of the threads and suspends (never blocking the pool) until it returns.
    package func run<Value: Sendable>(_ body: @escaping @Sendable () -> Value) async -> Value {
        let done = Completion<Value>()
        submit { done.resolve(body()) }
        return await done.value()
    }

    /// Like ``run(_:)`` without waiting: the returned completion resolves with the result.
    package func start<Value: Sendable>(_ body: @escaping @Sendable () -> Value) -> Completion<Value> {
        let done = Completion<Value>()
        submit { done.resolve(body()) }
        return done
    }

    /// Lets the threads end once the queued jobs are done.
    package func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
