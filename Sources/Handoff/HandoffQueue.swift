import DequeModule
import Foundation

/// A small bounded queue between a dedicated thread (a socket's, a writer's) and async code,
/// in either direction; used by the bridge sockets, the recording writers and replay.
///
/// The thread side blocks on a condition variable (on its own thread, never on the
/// cooperative pool); the async side suspends on a continuation. A full queue either drops
/// its oldest element (newest wins) or makes the producer wait (back-pressure), as the caller
/// chooses per call. Closing wakes everyone: later puts fail, takes drain what is left and
/// then return nil.
package final class HandoffQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items = Deque<Element>()
    private var takers: [CheckedContinuation<Element?, Never>] = []
    private var putters: [(Element, CheckedContinuation<Bool, Never>)] = []
    private var closed = false
    package let capacity: Int

    /// A queue holding up to `capacity` elements (at least 1).
    package init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Adds `element` without waiting; when full, drops and returns the oldest element.
    package func offerDroppingOldest(_ element: Element) -> Element? {
        condition.lock()
        if closed { condition.unlock(); return element }
        var dropped: Element?
        if takers.isEmpty && items.count >= capacity { dropped = items.removeFirst() }
        handOverAndUnlock(element)
        return dropped
    }

    /// Adds `element`, blocking the calling thread while the queue is full. False once closed.
    package func putBlocking(_ element: Element) -> Bool {
        condition.lock()
        while items.count >= capacity && !closed && takers.isEmpty { condition.wait() }
        if closed { condition.unlock(); return false }
        handOverAndUnlock(element)
        return true
    }

    /// Adds `element` if there is room (or a taker waiting); false when full or closed.
    package func tryPut(_ element: Element) -> Bool {
        condition.lock()
        if closed || (items.count >= capacity && takers.isEmpty) { condition.unlock(); return false }
        handOverAndUnlock(element)
        return true
    }

    /// Adds `element`, suspending while the queue is full. False once closed.
    package func put(_ element: Element) async -> Bool {
        await withCheckedContinuation { (cont: CheckedContinuation<Bool, Never>) in
            condition.lock()
            if closed { condition.unlock(); cont.resume(returning: false); return }
            if takers.isEmpty && items.count >= capacity {
                putters.append((element, cont))
                condition.unlock()
                return
            }
            handOverAndUnlock(element)
            cont.resume(returning: true)
        }
    }

    /// Removes the oldest element, suspending until one arrives; nil once closed and drained.
    package func take() async -> Element? {
        await withCheckedContinuation { (cont: CheckedContinuation<Element?, Never>) in
            condition.lock()
            if !items.isEmpty {
                cont.resume(returning: popAndUnlock())
            } else if closed {
                condition.unlock()
                cont.resume(returning: nil)
            } else {
                takers.append(cont)
                condition.unlock()
            }
        }
    }

    /// Removes the oldest element, blocking the calling thread up to `timeout` seconds.
    package func takeBlocking(timeout: Double) -> Element? {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        while items.isEmpty && !closed {
            if !condition.wait(until: deadline) { break }
        }
        return popAndUnlock()
    }

    /// Removes the oldest element, blocking the calling thread until one arrives; nil once
    /// closed and drained.
    package func takeBlocking() -> Element? {
        condition.lock()
        while items.isEmpty && !closed { condition.wait() }
        return popAndUnlock()
    }

    /// Gives `element` to the longest-waiting async taker, or appends it (the caller has made
    /// sure there is room); then unlocks. Call with the lock held.
    private func handOverAndUnlock(_ element: Element) {
        if !takers.isEmpty {
            let taker = takers.removeFirst()
            condition.unlock()
            taker.resume(returning: element)
            return
        }
        items.append(element)
        condition.broadcast()
        condition.unlock()
    }

    /// Removes the oldest element (nil if there is none), lets one waiting async producer in,
    /// and unlocks. Call with the lock held.
    private func popAndUnlock() -> Element? {
        guard let element = items.popFirst() else { condition.unlock(); return nil }
        var woken: CheckedContinuation<Bool, Never>?
        if !putters.isEmpty {
            let (waiting, cont) = putters.removeFirst()
            items.append(waiting)
            woken = cont
        }
        condition.broadcast()
        condition.unlock()
        woken?.resume(returning: true)
        return element
    }

    /// Number of queued elements.
    package var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return items.count
    }

    /// Whether ``close()`` was called.
    package var isClosed: Bool {
        condition.lock()
        defer { condition.unlock() }
        return closed
    }

    /// Wakes every waiter; later puts fail, takes drain what is left and then return nil.
    package func close() {
        condition.lock()
        closed = true
        let waitingTakers = takers
        let waitingPutters = putters
        takers.removeAll()
        putters.removeAll()
        condition.broadcast()
        condition.unlock()
        for t in waitingTakers { t.resume(returning: nil) }
        for (_, p) in waitingPutters { p.resume(returning: false) }
    }

    /// Closes and drops whatever is still queued.
    package func cancel() {
        close()
        condition.lock()
        items.removeAll()
        condition.unlock()
    }
}
