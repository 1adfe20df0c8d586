import ByteSlices
import Testing
import ZeroMQ

@Suite struct LifecycleTests {
    @Test func versionIsFour() {
        #expect(ZMQVersion.current.major == 4)
    }

    /// Contexts and sockets go away in whatever order the optimizer picks; none may hang in
    /// `zmq_ctx_term`, even with an undeliverable message queued.
    @Test func manyContextsAndSocketsComeAndGo() throws {
        for round in 0..<100 {
            let context = try ZMQContext(ioThreads: 1)
            let (push, pull) = try pushPull(context, "inproc://cycle")
            try push.send([ByteSlice(utf8: "round"), patternBytes(1_000, seed: UInt8(truncatingIfNeeded: round))])
            #expect(try pull.receiveMultipart()?.count == 2)

            // Connected to nobody listening: the message waits in the queue until close.
            // Linger 0 here: the default sending linger would make every round's term wait for it.
            let orphan = try ZMQSocket(context: context, type: .push)
            try orphan.setLinger(milliseconds: 0)
            try orphan.connect("tcp://127.0.0.1:1")
            _ = try orphan.send([patternBytes(2_000)], dontWait: true)

            if round.isMultiple(of: 2) {
                let server = try ZMQSocket(context: context, type: .rep)
                try server.bind("tcp://127.0.0.1:*")
                if round.isMultiple(of: 4) { server.close() }
            }
            if round.isMultiple(of: 3) { context.shutdown() }
        }
    }

    @Test func socketOutlivesTheCallersContextReference() throws {
        var socket: ZMQSocket?
        do {
            let context = try ZMQContext()
            socket = try ZMQSocket(context: context, type: .pair)
        }
        try #require(socket).bind("inproc://orphaned-context")
        #expect(socket?.lastEndpoint == "inproc://orphaned-context")
        socket = nil
    }

    @Test func optionsCanBeSet() throws {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context: context, type: .req)
        try socket.setLinger(milliseconds: 100)
        try socket.setSendHighWaterMark(10)
        try socket.setReceiveHighWaterMark(10)
        try socket.setReceiveTimeout(milliseconds: -1)
        try socket.setSendTimeout(milliseconds: 1_000)
        try socket.setMaxMessageSize(1 << 30)
        try socket.setImmediate(true)
        try socket.setReceiveBufferSize(1 << 20)
        try socket.setSendBufferSize(1 << 20)
        try socket.setRequestRelaxed(true)
        try socket.setRequestCorrelate(true)
        try socket.setReconnectInterval(milliseconds: 200)
        let sub = try ZMQSocket(context: context, type: .sub)
        try sub.subscribe()
        try sub.subscribe(prefix: [0, 1])
        // SUBSCRIBE is only valid on SUB sockets.
        #expect(throws: ZMQError.self) { try socket.subscribe() }
        #expect(throws: ZMQError.self) { try ZMQContext(ioThreads: -1) }
    }
}
