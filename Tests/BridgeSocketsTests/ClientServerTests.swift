import BridgeSockets
import ByteSlices
import Foundation
import KaraboBridge
import MessagePack
import TestSupport
import Testing
import ZeroMQ

func sampleTrain(_ tid: UInt64, source: String = "TEST/DEV/A") throws -> Train {
    let values = (0..<12).map { Float($0) + Float(tid % 100) }
    let image = try NDArray(dtype: .float32, shape: [3, 4], data: ByteSlice(copying: values.withUnsafeBytes { Array($0) }))
    return Train(sources: [SourceData(name: source, metadata: Metadata(source: source, trainID: tid, timestamp: 1_700_000_000),
                                      data: ["value": .uint(tid), "image": .array(image)])])
}

/// Sends raw multipart messages from a PUSH socket on its own thread.
func pushRaw(_ endpoint: String, _ messages: [[ByteSlice]]) async throws {
    try await withCheckedThrowingContinuation { (cont: CheckedContinuation<Void, Error>) in
        Thread {
            do {
                let ctx = try ZMQContext()
                let push = try ZMQSocket(context: ctx, type: .push)
                try push.setLinger(milliseconds: 2000)
                try push.bind(endpoint)
                for m in messages { _ = try push.send(m) }
                Thread.sleep(forTimeInterval: 0.5)
                push.close()
                cont.resume()
            } catch { cont.resume(throwing: error) }
        }.start()
    }
}

@Suite(.timeLimit(.minutes(2))) struct ClientServerTests {
    @Test(arguments: ServerPattern.allCases)
    func ourClientReadsOurServer(pattern: ServerPattern) async throws {
        let server = try await BridgeServer.start(BridgeServerConfiguration(endpoint: "tcp://127.0.0.1:0", pattern: pattern))
        defer { server.close() }
        let client = try BridgeClient(BridgeClientConfiguration(
            endpoint: server.endpoint, pattern: ClientPattern(serverSocket: pattern.rawValue)!, timeout: 30, noDrop: true))
        defer { client.close() }
        let feeder = Task {
            for tid in UInt64(1)... {
                if Task.isCancelled { break }
                await server.send(try sampleTrain(tid))
                if pattern == .pub { try await Task.sleep(for: .milliseconds(5)) }
            }
        }
        defer { feeder.cancel() }
        var last: UInt64 = 0
        for _ in 0..<5 {
            let train = try await client.nextTrain()
            let tid = try #require(train.trainID)
            #expect(tid > last)
            if pattern != .pub { #expect(tid == last + 1) }
            last = tid
            #expect(train["TEST/DEV/A"] == (try sampleTrain(tid))["TEST/DEV/A"])
        }
        #expect(client.statistics.snapshot.trainsReceived >= 5)
    }

    @Test func malformedMessagesGiveErrorsAndTheNextTrainDecodes() async throws {
        let endpoint = "tcp://127.0.0.1:\(TestEnvironment.freePort())"
        let good = BridgeEncoder().encode(try sampleTrain(7))
        let bad: [[ByteSlice]] = [
            Array(good.prefix(3)),                                              // odd frame count
            [good[0].slice(offset: 0, count: good[0].count - 4)!, good[1]],     // truncated msgpack
            [good[0], good[1], good[2], good[3].slice(offset: 0, count: 10)!],  // array bytes != dtype x shape
            [good[2], good[3], good[0], good[1]],                               // array pair before its source
            [ByteSlice(utf8: "Error: bad request hello")],                      // an error reply
        ]
        let client = try BridgeClient(BridgeClientConfiguration(endpoint: endpoint, pattern: .pull, timeout: 10, queueDepth: 16))
        defer { client.close() }
        try await pushRaw(endpoint, bad + [good])
        var errors: [BridgeDecodeError] = []
        var train: Train?
        while train == nil, let event = await client.next() {
            switch event {
            case let .decodeError(e, raw):
                #expect(raw.frames.count > 0)
                errors.append(e)
            case let .train(t, _): train = t
            case let .timeout(s, _): Issue.record("timed out after \(s) s"); return
            case let .socketError(s): Issue.record("\(s)"); return
            }
        }
        #expect(errors.count == 5)
        #expect(errors.first == .oddFrameCount(3))
        #expect(errors[1] == .invalidMessagePack(frame: 0, .truncated))
        if case .badArray(frame: 3, source: "TEST/DEV/A", key: "image", _) = errors[2] {} else { Issue.record("got \(errors[2])") }
        #expect(errors[3] == .arrayBeforeSource(frame: 0, source: "TEST/DEV/A", path: "image"))
        #expect(errors[4] == .errorReply("Error: bad request hello"))
        #expect(train?.trainID == 7)
        #expect(client.statistics.snapshot.decodeErrors == 5)
    }

    @Test func badRequestGetsAnErrorReplyAndServingGoesOn() async throws {
        let server = try await BridgeServer.start(BridgeServerConfiguration(endpoint: "tcp://127.0.0.1:0", pattern: .rep))
        defer { server.close() }
        let feeder = Task { for tid in UInt64(1)...3 { await server.send(try sampleTrain(tid)) } }
        defer { feeder.cancel() }
        let endpoint = server.endpoint
        let replies: [[ByteSlice]] = try await withCheckedThrowingContinuation { cont in
            Thread {
                do {
                    let ctx = try ZMQContext()
                    let req = try ZMQSocket(context: ctx, type: .req)
                    try req.setReceiveTimeout(milliseconds: 5000)
                    try req.connect(endpoint)
                    var out: [[ByteSlice]] = []
                    for request in ["hello", "next"] {
                        _ = try req.send(bytes: Array(request.utf8))
                        out.append((try req.receiveMultipart() ?? []).map(\.slice))
                    }
                    req.close()
                    cont.resume(returning: out)
                } catch { cont.resume(throwing: error) }
            }.start()
        }
        #expect(replies[0].count == 1 && replies[0][0].bytes == Array("Error: bad request hello".utf8))
        let train = try BridgeDecoder().decode(replies[1])
        #expect(train.trainID == 1, "the train waiting for the bad request is kept")
        #expect(server.statistics.snapshot.badRequests == 1)
    }

    @Test func reqClientSurvivesServerRestart() async throws {
        let endpoint = "tcp://127.0.0.1:\(TestEnvironment.freePort())"
        var server: BridgeServer? = try await BridgeServer.start(BridgeServerConfiguration(endpoint: endpoint))
        await server!.send(try sampleTrain(1))
        let client = try BridgeClient(endpoint: endpoint, pattern: .req, timeout: 0.5)
        defer { client.close() }
        #expect(try await client.nextTrain().trainID == 1)
        // The client asks again at once; the server goes away with that request unanswered.
        try await Task.sleep(for: .milliseconds(200))
        server!.close()
        server = nil
        try await Task.sleep(for: .milliseconds(300))
        let restarted = try await BridgeServer.start(BridgeServerConfiguration(endpoint: endpoint))
        defer { restarted.close() }
        // A reply can be lost when the client gives up on a socket just as it is answered
        // (that is what REQ recovery means), so the restarted server keeps a train ready.
        let feeder = Task {
            for tid in UInt64(2)... {
                if Task.isCancelled { break }
                await restarted.send(try sampleTrain(tid))
            }
        }
        defer { feeder.cancel() }
        var received: UInt64?
        for _ in 0..<200 {
            guard let event = await client.next() else { break }
            if case let .timeout(_, reconnected) = event { #expect(reconnected); continue }
            received = event.train?.trainID
            break
        }
        #expect((received ?? 0) >= 2, "a train from the restarted server")
        // The client gets a new socket either when its disconnect monitor sees the server go
        // (at once, no event) or when the timeout runs out (a `.timeout` event, reconnected);
        // which comes first is a race, and both count as a reconnect.
        #expect(client.statistics.snapshot.reconnects >= 1)
    }

    @Test func serveFilesFromExtraData() async throws {
        let dir = try TestEnvironment.temporaryDirectory("serve-files")
        let endpoint = "tcp://127.0.0.1:\(TestEnvironment.freePort())"
        let serve = try ChildProcess.python("kb_serve_files.py", [dir.path, endpoint, "-z", "PUSH"])
        defer { serve.signal() }
        try await serve.waitForOutput("FILE READY", timeout: 60)
        let client = try BridgeClient(BridgeClientConfiguration(endpoint: endpoint, pattern: .pull, timeout: 60, noDrop: true))
        defer { client.close() }
        let first = try await client.nextTrain()
        let second = try await client.nextTrain()
        #expect(first.trainID == 10000 && second.trainID == 10001)
        let xgm = try #require(first["SA1_XTD2_XGM/DOOCS/MAIN"])
        #expect(xgm.metadata.source == "SA1_XTD2_XGM/DOOCS/MAIN")
        #expect(xgm.metadata.timestamp == nil, "serve-files sends no timestamp unless asked")
        #expect(xgm["metadata"]?.map?["timestamp.tid"]?.uint64 == 10000, "nested metadata map kept as sent")
        #expect(first.sources.keys.contains("FXE_XAD_GEC/CAM/CAMERA:daqOutput"))
        let pixels = try #require(first["FXE_XAD_GEC/CAM/CAMERA:daqOutput"]?.array("data.image.pixels"))
        #expect(pixels.rank == 2)
    }
}
