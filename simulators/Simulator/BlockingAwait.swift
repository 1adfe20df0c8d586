import Dispatch

/// Runs an async operation from a dedicated (non-pool) thread and blocks that thread until it
/// completes. The operation itself runs as a task and only suspends, so the cooperative pool
/// is never blocked; only the calling thread waits.
func blockingAwait<T: Sendable>(_ operation: @escaping @Sendable () async -> T) -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        box.value = await operation()
        done.signal()
    }
    done.wait()
    return box.value!
}

/// Carries a result from the task to the waiting thread (the semaphore orders the accesses).
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
