import Foundation
import Synchronization

/// A thread of its own for blocking work (a socket's poll loop, a writer's file I/O), started
/// with a handshake: the thread first reports once that it is ready (the endpoint it bound, or
/// why it could not), the starter resumes with that answer, and the thread goes on with its
/// loop until its ``StopFlag`` is set.
package enum DedicatedThread {
    /// Starts `body` on a new thread named `name` and suspends until `body` calls its `ready`
    /// argument (which it must, exactly once, before its loop); returns what it reported.
    package static func start<Ready: Sendable>(
        name: String, _ body: @escaping @Sendable (_ ready: @escaping @Sendable (Ready) -> Void) -> Void
    ) async -> Ready {
        let answer = Completion<Ready>()
        spawn(name: name) { body { answer.resolve($0) } }
        return await answer.value()
    }

    /// The same for a caller that is itself a dedicated thread: blocks it until `body` is ready.
    package static func startBlocking<Ready: Sendable>(
        name: String, _ body: @escaping @Sendable (_ ready: @escaping @Sendable (Ready) -> Void) -> Void
    ) -> Ready {
        let answer = Completion<Ready>()
        spawn(name: name) { body { answer.resolve($0) } }
        return answer.wait()
    }

    /// Starts `body` on a new thread named `name`, without a handshake.
    package static func spawn(name: String, _ body: @escaping @Sendable () -> Void) {
        // Named from inside: on Linux a name set before `start()` is not applied, and the new
        // thread would carry its creator's name (often a cooperative-pool thread's).
        let thread = Thread {
            Thread.current.name = name
            body()
        }
        thread.start()
    }
}

/// A flag set once (by `stop()`, a signal handler) and polled by a dedicated thread's loop.
package final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    package init() {}
    /// Asks the loop to stop.
    package func set() { flag.store(true, ordering: .sequentiallyConsistent) }
    /// Whether a stop was asked for.
    package var isSet: Bool { flag.load(ordering: .relaxed) }
}
