import ByteSlices
import Foundation
import Testing
import ZeroMQ

@Suite struct TimeoutTests {
    @Test func receiveTimeoutReturnsNil() throws {
        let context = try ZMQContext()
        let pull = try ZMQSocket(context: context, type: .pull)
        try pull.bind("tcp://127.0.0.1:*")
        try pull.setReceiveTimeout(milliseconds: 100)
        let start = ContinuousClock.now
        #expect(try pull.receiveMultipart() == nil)
        #expect(ContinuousClock.now - start >= .milliseconds(90))
    }

    @Test func dontWaitReturnsNilWhenNothingIsQueued() throws {
        let context = try ZMQContext()
        let (push, pull) = try pushPull(context, "inproc://dont-wait")
        #expect(try pull.receiveMultipart(dontWait: true) == nil)
        try push.send(bytes: [7])
        #expect(try pull.poll(timeoutMilliseconds: 10_000))
        #expect(try pull.receiveMultipart(dontWait: true)?.map(\.slice.bytes) == [[7]])
        #expect(try pull.receiveMultipart(dontWait: true) == nil)
    }

    @Test func sendThatWouldBlockReturnsFalse() throws {
        let context = try ZMQContext()
        let push = try ZMQSocket(context: context, type: .push)
        try push.bind("tcp://127.0.0.1:*")  // no peer
        #expect(try !push.send(bytes: [1], dontWait: true))
        #expect(try !push.poll(readable: false, writable: true, timeoutMilliseconds: 0))
        try push.setSendTimeout(milliseconds: 50)
        #expect(try !push.send([ByteSlice(utf8: "a"), patternBytes(1_000)]))
    }

    @Test func pollReportsReadiness() throws {
        let context = try ZMQContext()
        let (push, pull) = try pushPull(context, "inproc://poll")
        #expect(try !pull.poll(timeoutMilliseconds: 0))
        #expect(try !pull.poll(timeoutMilliseconds: 30))
        #expect(try push.poll(readable: false, writable: true, timeoutMilliseconds: 10_000))
        try push.send(bytes: [1])
        #expect(try pull.poll(timeoutMilliseconds: 10_000))
    }

    @Test func contextShutdownInterruptsBlockingReceive() throws {
        let context = try ZMQContext()
        let ready = ReleaseFlag()
        let outcome = Shared<Result<Int?, ZMQError>?>(nil)
        // Blocking receives belong on their own OS thread, never on the cooperative pool.
        let thread = Thread {
            do throws(ZMQError) {
                let pull = try ZMQSocket(context: context, type: .pull)
                try pull.bind("inproc://shutdown")
                ready.set()
                outcome.set(.success(try pull.receiveMultipart()?.count))
            } catch {
                ready.set()
                outcome.set(.failure(error))
            }
        }
        thread.start()
        #expect(waitUntil { ready.isSet })
        Thread.sleep(forTimeInterval: 0.05)  // most likely blocked in zmq_msg_recv by now
        context.shutdown()
        context.shutdown()  // idempotent
        #expect(waitUntil { outcome.get() != nil })
        switch outcome.get() {
        case .failure(let error)?:
            #expect(error.isTerminated)
            #expect(error.operation == "receive")
        case let other:
            Issue.record("expected ETERM, got \(String(describing: other))")
        }
        // New calls fail the same way.
        #expect(throws: ZMQError.self) { try ZMQSocket(context: context, type: .push) }
    }
}
