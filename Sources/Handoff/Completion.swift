import Foundation

/// A one-shot result that one side delivers and the other waits for, async code or a
/// dedicated thread alike: a thread's "bound" or "started" answer, a reply computed on the
/// cooperative pool for a socket thread, a writer's final summary.
///
/// Only the first ``resolve(_:)`` counts. Async waiters suspend (never blocking the pool);
/// ``wait()`` blocks its thread and so belongs on dedicated threads only.
package final class Completion<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value?
    private var waiters: [CheckedContinuation<Value, Never>] = []

    package init() {}

    /// Delivers the value (only the first call counts) and wakes every waiter.
    package func resolve(_ value: Value) {
        condition.lock()
        guard self.value == nil else { condition.unlock(); return }
        self.value = value
        let woken = waiters
        waiters.removeAll()
        condition.broadcast()
        condition.unlock()
        for w in woken { w.resume(returning: value) }
    }

    /// Whether the value was delivered.
    package var isResolved: Bool {
        condition.lock()
        defer { condition.unlock() }
        return value != nil
    }

    /// Suspends until the value is delivered.
    package func value() async -> Value {
        await withCheckedContinuation { (cont: CheckedContinuation<Value, Never>) in
            condition.lock()
            if let value {
                condition.unlock()
                cont.resume(returning: value)
            } else {
                waiters.append(cont)
                condition.unlock()
            }
        }
    }

    /// Blocks the calling (dedicated) thread until the value is delivered.
    package func wait() -> Value {
        condition.lock()
        defer { condition.unlock() }
        while value == nil { condition.wait() }
        return value!
    }

    /// Runs `operation` on the cooperative pool and blocks the calling (dedicated) thread
    /// until it finishes: how a socket thread asks async code for an answer.
    package static func awaiting(_ operation: @escaping @Sendable () async -> Value) -> Value {
        let completion = Completion<Value>()
        Task { completion.resolve(await operation()) }
        return completion.wait()
    }
}
