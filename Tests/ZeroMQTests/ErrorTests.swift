import ByteSlices
import Testing
import ZeroMQ

@Suite struct ErrorTests {
    @Test func invalidEndpointGivesReadableError() throws {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context: context, type: .pull)
        let unknown = try #require(#expect(throws: ZMQError.self) { try socket.bind("bogus://nowhere") })
        #expect(unknown.operation == "bind bogus://nowhere")
        #expect(unknown.description.contains("bind bogus://nowhere"))
        #expect(unknown.description.lowercased().contains("not supported"))
        #expect(!unknown.isTerminated)

        let badPort = try #require(#expect(throws: ZMQError.self) { try socket.bind("tcp://127.0.0.1:notaport") })
        #expect(badPort.code != 0)
        #expect(badPort.description.contains("tcp://127.0.0.1:notaport"))
        #expect(socket.lastEndpoint == nil)
    }

    @Test func closedSocketRefusesCalls() throws {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context: context, type: .push)
        socket.close()
        socket.close()
        let error = try #require(#expect(throws: ZMQError.self) { try socket.connect("inproc://x") })
        #expect(error.operation.contains("closed"))
        #expect(throws: ZMQError.self) { try socket.send(bytes: [1]) }
        #expect(socket.lastEndpoint == nil)
    }

    @Test func emptyMessageIsRejected() throws {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context: context, type: .push)
        #expect(throws: ZMQError.self) { try socket.send([]) }
    }

    @Test func tooManyFramesThrowsAndTheNextMessageArrives() throws {
        let context = try ZMQContext()
        let (push, pull) = try pushPull(context, "inproc://frames")
        pull.maxFramesPerMessage = 3
        try push.send((0..<5).map { ByteSlice(copying: [UInt8($0)]) })
        try push.send([ByteSlice(utf8: "a"), ByteSlice(utf8: "b"), patternBytes(512)])
        try push.send([ByteSlice(utf8: "c"), ByteSlice(utf8: "d")])

        let error = try #require(#expect(throws: ZMQError.self) { try pull.receiveMultipart() })
        #expect(error.isMessageTooLarge)
        #expect(error.operation.contains("5 frames"))
        #expect(error.operation.contains("maxFramesPerMessage (3)"))
        #expect(try pull.receiveMultipart()?.map(\.slice) == [ByteSlice(utf8: "a"), ByteSlice(utf8: "b"), patternBytes(512)])
        #expect(try pull.receiveMultipart()?.map(\.slice) == [ByteSlice(utf8: "c"), ByteSlice(utf8: "d")])
    }

    @Test func errorValues() {
        let a = ZMQError(code: 11, operation: "x")
        #expect(a == ZMQError(code: 11, operation: "x"))
        #expect(a != ZMQError(code: 11, operation: "y"))
        #expect(a.description.contains("x"))
    }
}
