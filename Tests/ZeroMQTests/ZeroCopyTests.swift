import ByteSlices
import Testing
import ZeroMQ

@Suite struct ZeroCopyTests {
    /// Sends a fresh flagged storage without keeping any reference; returns its base address.
    private func sendUnreferenced(_ socket: ZMQSocket, count: Int, flag: ReleaseFlag, dontWait: Bool = false) throws -> (Int, Bool) {
        let storage = FlaggedStorage(count: count, flag: flag)
        let address = Int(bitPattern: storage.storageBytes.baseAddress)
        let sent = try socket.send([ByteSlice(utf8: "head"), ByteSlice(storage)], dontWait: dontWait)
        return (address, sent)
    }

    @Test func inprocFrameIsTheSenderMemoryUntilTheReceiverLetsGo() throws {
        let context = try ZMQContext()
        let (push, pull) = try pushPull(context, "inproc://zero-copy")
        let flag = ReleaseFlag()
        let (address, sent) = try sendUnreferenced(push, count: 4_096, flag: flag)
        #expect(sent)
        do {
            let frames = try #require(try pull.receiveMultipart())
            withExtendedLifetime(frames) {
                #expect(frames.count == 2)
                #expect(Int(bitPattern: frames[1].storageBytes.baseAddress) == address)
                #expect(frames[1].slice == ByteSlice(FlaggedStorage(count: 4_096, flag: ReleaseFlag())))
                #expect(!flag.isSet, "released while the received frame still references it")
            }
        }
        #expect(waitUntil { flag.isSet })
    }

    @Test func tcpSendReleasesStorageAfterDelivery() throws {
        let flag = ReleaseFlag()
        do {
            let context = try ZMQContext()
            let (push, pull) = try pushPull(context)
            let (_, sent) = try sendUnreferenced(push, count: 1 << 20, flag: flag)
            #expect(sent)
            let frames = try #require(try pull.receiveMultipart())
            #expect(frames[1].slice == ByteSlice(FlaggedStorage(count: 1 << 20, flag: ReleaseFlag())))
            push.close()
            pull.close()
        }
        #expect(waitUntil { flag.isSet })
    }

    @Test func storageStaysWhileTheCallerHoldsIt() throws {
        let flag = ReleaseFlag()
        var storage: FlaggedStorage? = FlaggedStorage(count: 8_192, flag: flag)
        do {
            let context = try ZMQContext()
            let (push, pull) = try pushPull(context)
            #expect(try push.send([ByteSlice(try #require(storage))]))
            let frames = try #require(try pull.receiveMultipart())
            #expect(frames[0].slice == ByteSlice(try #require(storage)))
            push.close()
            pull.close()
        }
        // libzmq has let go; the caller's reference must still keep it alive.
        #expect(!waitUntil(timeout: .milliseconds(200)) { flag.isSet })
        withExtendedLifetime(storage) { #expect(!flag.isSet) }
        storage = nil
        #expect(waitUntil { flag.isSet })
    }

    @Test func refusedSendReleasesStorage() throws {
        let context = try ZMQContext()
        let push = try ZMQSocket(context: context, type: .push)
        try push.bind("tcp://127.0.0.1:*")  // no peer: sending would block
        let flag = ReleaseFlag()
        let (_, sent) = try sendUnreferenced(push, count: 4_096, flag: flag, dontWait: true)
        #expect(!sent)
        #expect(waitUntil { flag.isSet })
    }
}
