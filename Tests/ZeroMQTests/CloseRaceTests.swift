import ByteSlices
import Foundation
import Testing
import ZeroMQ

/// libzmq 4.3.4 aborts the process (`Resource temporarily unavailable (src/session_base.cpp:260)`)
/// when a socket that is half-way through sending a multipart message is closed with linger 0
/// while its peer disconnects. With linger 0 this loop aborts within a few dozen rounds (a C
/// version of it did every time); with ``ZMQSocket/defaultSendingLinger`` it completes. A failure
/// here is a crash of the test process, not a failed expectation.
@Suite struct CloseRaceTests {
    @Test(arguments: [ZMQSocketType.push, .pub])
    func closingBothEndsMidMessageDoesNotAbort(_ type: ZMQSocketType) throws {
        let context = try ZMQContext()
        let frame = patternBytes(8 << 20)
        let message = [ByteSlice](repeating: frame, count: 4)
        var received = 0
        for _ in 0..<100 {
            let endpoint = Shared<String?>(nil)
            let stop = ReleaseFlag()
            let closing = ReleaseFlag()
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                defer { done.signal() }
                guard let server = try? ZMQSocket(context: context, type: type) else { return }
                try? server.setSendHighWaterMark(2)
                guard (try? server.bind("tcp://127.0.0.1:*")) != nil else { return }
                endpoint.set(server.lastEndpoint)
                while !stop.isSet { _ = try? server.send(message, dontWait: true) }
                closing.set()
                server.close()
            }
            thread.start()
            #expect(waitUntil { endpoint.get() != nil })
            let client = try ZMQSocket(context: context, type: type == .pub ? .sub : .pull)
            if type == .pub { try client.subscribe() }
            try client.setReceiveTimeout(milliseconds: 10_000)
            try client.connect(try #require(endpoint.get()))
            for _ in 0..<3 where try client.receiveMultipart() != nil { received += 1 }
            stop.set()
            #expect(waitUntil { closing.isSet })
            client.close()
            done.wait()
        }
        #expect(received == 300)
    }
}
