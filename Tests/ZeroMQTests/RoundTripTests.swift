import ByteSlices
import Testing
import ZeroMQ

@Suite struct RoundTripTests {
    @Test func requestReplyRoundTrip() throws {
        let context = try ZMQContext()
        let rep = try ZMQSocket(context: context, type: .rep)
        try rep.setReceiveTimeout(milliseconds: 10_000)
        try rep.bind("tcp://127.0.0.1:*")
        let endpoint = try #require(rep.lastEndpoint)
        #expect(endpoint.hasPrefix("tcp://127.0.0.1:"))
        #expect(!endpoint.hasSuffix(":*"))

        let req = try ZMQSocket(context: context, type: .req)
        #expect(req.type == .req)
        try req.setReceiveTimeout(milliseconds: 10_000)
        try req.connect(endpoint)

        #expect(try req.send(bytes: Array("ping".utf8)))
        let request = try #require(try rep.receiveMultipart())
        #expect(request.map(\.slice) == [ByteSlice(utf8: "ping")])
        #expect(try rep.send([ByteSlice(utf8: "pong"), ByteSlice(utf8: "again")]))
        let reply = try #require(try req.receiveMultipart())
        #expect(reply.map(\.slice) == [ByteSlice(utf8: "pong"), ByteSlice(utf8: "again")])
    }

    @Test func pushPullMultipartWithEmptyAndHugeFrames() throws {
        let context = try ZMQContext()
        let (push, pull) = try pushPull(context)
        let header = ByteSlice(utf8: "header")
        let medium = patternBytes(300, seed: 1)
        let huge = patternBytes(16 << 20, seed: 9)
        // A frame viewing the middle of a larger storage is sent from its offset.
        let inner = try #require(patternBytes(10_000, seed: 5).slice(offset: 1_000, count: 4_000))
        let sent = [header, ByteSlice.empty, medium, huge, inner]
        #expect(try push.send(sent))

        let frames = try #require(try pull.receiveMultipart())
        #expect(frames.map(\.count) == [6, 0, 300, 16 << 20, 4_000])
        #expect(frames.map(\.slice) == sent)
        withExtendedLifetime((frames, huge)) {
            #expect(frames[3].storageBytes.elementsEqual(huge.storage.storageBytes))
        }
    }

    @Test func publishSubscribeDeliversOnlySubscribedTopics() throws {
        let context = try ZMQContext()
        let pub = try ZMQSocket(context: context, type: .pub)
        try pub.bind("tcp://127.0.0.1:*")
        let sub = try ZMQSocket(context: context, type: .sub)
        try sub.subscribe(prefix: Array("data".utf8))
        try sub.connect(try #require(pub.lastEndpoint))

        // Subscriptions reach the publisher asynchronously: publish until one arrives.
        let deadline = ContinuousClock.now + .seconds(10)
        var received: [ZMQMessage]?
        while received == nil, ContinuousClock.now < deadline {
            try pub.send([ByteSlice(utf8: "other"), ByteSlice(utf8: "ignored")])
            try pub.send([ByteSlice(utf8: "data.train"), patternBytes(1_000)])
            if try sub.poll(timeoutMilliseconds: 20) { received = try sub.receiveMultipart(dontWait: true) }
        }
        let frames = try #require(received)
        #expect(frames.map(\.slice) == [ByteSlice(utf8: "data.train"), patternBytes(1_000)])
    }

    @Test func inprocPairWorksBothWays() throws {
        let context = try ZMQContext()
        let a = try ZMQSocket(context: context, type: .pair)
        try a.bind("inproc://pair")
        let b = try ZMQSocket(context: context, type: .pair)
        try b.connect("inproc://pair")
        try a.setReceiveTimeout(milliseconds: 10_000)
        try b.setReceiveTimeout(milliseconds: 10_000)
        try a.send(bytes: [1, 2, 3])
        #expect(try b.receiveMultipart()?.map(\.slice.bytes) == [[1, 2, 3]])
        try b.send(bytes: [])
        #expect(try a.receiveMultipart()?.map(\.count) == [0])
    }
}
