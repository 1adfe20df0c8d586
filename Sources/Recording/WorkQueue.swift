import Foundation

/// A small bounded queue between async code and a dedicated thread, in either direction.
///
/// The thread side blocks on a condition variable (on its own thread, never on the
/// cooperative pool); the async side suspends on a continuation. Closing wakes everyone:
/// later puts fail, takes drain what is left and then return nil.
final class WorkQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Element] = []
    private var takers: [CheckedContinuation<Element?, Never>] = []
    private var putters: [(Element, CheckedContinuation<Bool, Never>)] = []
    private var closed = false
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Number of queued elements.
    var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return items.count
    }

    /// Whether ``close()`` was called.
    var isClosed: Bool {
        condition.lock()
        defer { condition.unlock() }
        return closed
    }

    /// Adds `element`, suspending while the queue is full. False once closed.
    func put(_ element: Element) async -> Bool {
        await withCheckedContinuation { (cont: CheckedContinuation<Bool, Never>) in
            condition.lock()
            if closed { condition.unlock(); cont.resume(returning: false); return }
            if let taker = takers.first {
                takers.removeFirst()
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

    /// Adds `element` if there is room; false when full or closed.
    func tryPut(_ element: Element) -> Bool {
        condition.lock()
        if closed || (items.count >= capacity && takers.isEmpty) { condition.unlock(); return false }
        if let taker = takers.first {
            takers.removeFirst()
            condition.unlock()
            taker.resume(returning: element)
            return true
        }
        items.append(element)
        condition.broadcast()
        condition.unlock()
        return true
    }

    /// Adds `element`, blocking the calling thread while the queue is full. False once closed.
    func putBlocking(_ element: Element) -> Bool {
        condition.lock()
        while items.count >= capacity && !closed && takers.isEmpty { condition.wait() }
        if closed { condition.unlock(); return false }
        if let taker = takers.first {
            takers.removeFirst()
            condition.unlock()
            taker.resume(returning: element)
            return true
        }
        items.append(element)
        condition.broadcast()
        condition.unlock()
        return true
    }

    /// Removes the oldest element, blocking the calling thread; nil once closed and drained.
    func takeBlocking() -> Element? {
        condition.lock()
        while items.isEmpty && !closed { condition.wait() }
        guard !items.isEmpty else { condition.unlock(); return nil }
        let element = items.removeFirst()
        let woken = refillFromPutters()
        condition.broadcast()
        condition.unlock()
        woken?.resume(returning: true)
        return element
    }

    /// Removes the oldest element, suspending until one arrives; nil once closed and drained.
    func take() async -> Element? {
        await withCheckedContinuation { (cont: CheckedContinuation<Element?, Never>) in
            condition.lock()
            if !items.isEmpty {
                let element = items.removeFirst()
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

    /// Moves one waiting async producer's element into the queue; call with the lock held.
    private func refillFromPutters() -> CheckedContinuation<Bool, Never>? {
        guard !putters.isEmpty, items.count < capacity else { return nil }
        let (element, cont) = putters.removeFirst()
        items.append(element)
        return cont
    }

    /// Wakes every waiter; later puts fail, takes drain what is left and then return nil.
    func close() {
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
    func cancel() {
        close()
        condition.lock()
        items.removeAll()
        condition.unlock()
    }
}
