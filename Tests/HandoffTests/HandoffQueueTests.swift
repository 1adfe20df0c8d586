import Foundation
import Handoff
import Synchronization
import Testing

@Suite struct HandoffQueueTests {
    @Test func newestWinsDropsTheOldest() {
        let queue = HandoffQueue<Int>(capacity: 2)
        #expect(queue.offerDroppingOldest(1) == nil)
        #expect(queue.offerDroppingOldest(2) == nil)
        #expect(queue.offerDroppingOldest(3) == 1)
        #expect(queue.takeBlocking(timeout: 0) == 2)
        #expect(queue.takeBlocking(timeout: 0) == 3)
        #expect(queue.takeBlocking(timeout: 0.05) == nil)
    }

    @Test func tryPutRefusesWhenFull() {
        let queue = HandoffQueue<Int>(capacity: 1)
        #expect(queue.tryPut(1))
        #expect(!queue.tryPut(2))
        #expect(queue.takeBlocking() == 1)
        #expect(queue.tryPut(3))
        #expect(queue.count == 1)
    }

    @Test func capacityBelowOneMeansOne() {
        #expect(HandoffQueue<Int>(capacity: 0).capacity == 1)
    }

    /// An async producer waits while the queue is full and is let in, in order, as the
    /// consumer thread takes.
    @Test func asyncProducerWaitsForRoom() async {
        let queue = HandoffQueue<Int>(capacity: 1)
        let seen = Mutex<[Int]>([])
        let finished = Atomic<Bool>(false)
        let consumer = Thread {
            while let value = queue.takeBlocking() { seen.withLock { $0.append(value) } }
            finished.store(true, ordering: .releasing)
        }
        consumer.start()
        for value in 0..<50 { #expect(await queue.put(value)) }
        queue.close()
        while !finished.load(ordering: .acquiring) { try? await Task.sleep(for: .milliseconds(5)) }
        #expect(seen.withLock { $0 } == Array(0..<50))
    }

    /// An async consumer waiting on an empty queue gets what a thread puts, in order.
    @Test func asyncConsumerGetsWhatAThreadPuts() async {
        let queue = HandoffQueue<Int>(capacity: 2)
        let producer = Thread {
            for value in 0..<50 { _ = queue.putBlocking(value) }
            queue.close()
        }
        producer.start()
        var seen: [Int] = []
        while let value = await queue.take() { seen.append(value) }
        #expect(seen == Array(0..<50))
    }

    @Test func closeDrainsThenEnds() async {
        let queue = HandoffQueue<String>(capacity: 3)
        #expect(queue.tryPut("a"))
        #expect(queue.tryPut("b"))
        queue.close()
        #expect(queue.isClosed)
        #expect(!queue.tryPut("c"))
        #expect(!queue.putBlocking("c"))
        #expect(await !queue.put("c"))
        #expect(queue.offerDroppingOldest("c") == "c")
        #expect(await queue.take() == "a")
        #expect(queue.takeBlocking() == "b")
        #expect(await queue.take() == nil)
    }

    @Test func cancelDropsWhatIsQueued() {
        let queue = HandoffQueue<Int>(capacity: 3)
        #expect(queue.tryPut(1))
        queue.cancel()
        #expect(queue.count == 0)
        #expect(queue.takeBlocking() == nil)
    }
}
