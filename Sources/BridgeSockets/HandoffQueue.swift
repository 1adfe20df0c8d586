import DequeModule
import Foundation

/// A small bounded queue between a dedicated thread (a socket's, a writer's) and async code,
/// in either direction; used by the sockets here and by the recording writers and replay.
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
        if !takers.isEmpty {
            let taker = takers.removeFirst()
            condition.unlock()
            taker.resume(returning: element)
            return nil
        }
        var dropped: Element?
        if items.count >= capacity { dropped = items.removeFirst() }
        items.append(element)
        condition.broadcast()
        condition.unlock()
        return dropped
    }

    /// Adds `element`, blocking the calling thread while the queue is full. False once closed.
    package func putBlocking(_ element: Element) -> Bool {
        condition.lock()
        while items.count >= capacity && !closed && takers.isEmpty { condition.wait() }
        if closed { condition.unlock(); return false }
        if !takers.isEmpty {
            let taker = takers.removeFirst()
            condition.unlock()
            taker.resume(returning: element)
            return true
        }
        items.append(element)
        condition.broadcast()
        condition.unlock()
        return true
    }

    /// Adds `element`, suspending while the queue is full. False once closed.
    package func put(_ element: Element) async -> Bool {
        await withCheckedContinuation { (cont: CheckedContinuation<Bool, Never>) in
            condition.lock()
            if closed { condition.unlock(); cont.resume(returning: false); return }
            if !takers.isEmpty {
                let taker = takers.removeFirst()
                condition.unlock()
                taker.resume(returning: element)
                cont.resume(returning: true)
                return
            }
            if items.count < capacity {
                items.append(element)
                condition.broadcast()
                condition.unlock()
                cont.resume(returning: true)
                return
            }
            putters.append((element, cont))
            condition.unlock()
        }
    }

    /// Removes the oldest element, suspending until one arrives; nil once closed and drained.
    package func take() async -> Element? {
        await withCheckedContinuation { (cont: CheckedContinuation<Element?, Never>) in
            condition.lock()
            if let element = items.popFirst() {
                let woken = refillFromPutters()
                condition.broadcast()
                condition.unlock()
                woken?.resume(returning: true)
                cont.resume(returning: element)
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
        guard let element = items.popFirst() else { condition.unlock(); return nil }
        let woken = refillFromPutters()
        condition.broadcast()
        condition.unlock()
        woken?.resume(returning: true)
        return element
    }

    /// Removes the oldest element, blocking the calling thread until one arrives; nil once
    /// closed and drained.
    package func takeBlocking() -> Element? {
        condition.lock()
        while items.isEmpty && !closed { condition.wait() }
        guard let element = items.popFirst() else { condition.unlock(); return nil }
        let woken = refillFromPutters()
        condition.broadcast()
        condition.unlock()
        woken?.resume(returning: true)
        return element
    }

    /// Adds `element` if there is room (or a taker waiting); false when full or closed.
    package func tryPut(_ element: Element) -> Bool {
        condition.lock()
        if closed || (items.count >= capacity && takers.isEmpty) { condition.unlock(); return false }
        if !takers.isEmpty {
            let taker = takers.removeFirst()
            condition.unlock()
            taker.resume(returning: element)
            return true
        }
        items.append(element)
        condition.broadcast()
        condition.unlock()
        return true
    }

    /// Moves one waiting async producer's element into the queue; call with the lock held.
    private func refillFromPutters() -> CheckedContinuation<Bool, Never>? {
        guard !putters.isEmpty, items.count < capacity else { return nil }
        let (element, cont) = putters.removeFirst()
        items.append(element)
        return cont
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
