import BridgeSockets
import ByteSlices
import Foundation
import KaraboBridge
import TestSupport
import Testing
import ZeroMQ

/// Peers that misbehave: a REP server that never answers, one that answers half a multipart
/// message. The client reports each problem, keeps going, and recovers when a real server is there.
@Suite(.timeLimit(.minutes(2))) struct BrokenPeerTests {
    /// Starts a BridgeServer on `endpoint`, retrying while the previous socket still holds the port.
    static func bindAgain(_ endpoint: String) async throws -> BridgeServer {
        var attempts = 0
        while true {
            attempts += 1
            if let server = try? await BridgeServer.start(BridgeServerConfiguration(endpoint: endpoint, pattern: .rep)) {
                return server
            }
            try #require(attempts < 100, "\(endpoint) stays taken")
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test func silentServerGivesTimeoutsThenARealServerIsPickedUp() async throws {
        let endpoint = "tcp://127.0.0.1:\(TestEnvironment.freePort())"
        // A REP socket that takes requests and never replies (libzmq queues them on its own thread).
        let context = try ZMQContext()
        let silent = try ZMQSocket(context: context, type: .rep)
        try silent.setLinger(milliseconds: 0)
        try silent.bind(endpoint)
        let client = try BridgeClient(BridgeClientConfiguration(endpoint: endpoint, pattern: .req, timeout: 0.3))
        defer { client.close() }
        var reconnectingTimeouts = 0
        while reconnectingTimeouts < 3, let event = await client.next() {
            switch event {
            case let .timeout(seconds, reconnected):
                #expect(seconds == 0.3)
                if reconnected { reconnectingTimeouts += 1 }
            default: Issue.record("unexpected event from a silent server: \(event)")
            }
        }
        #expect(client.statistics.snapshot.timeouts >= 3 && client.statistics.snapshot.reconnects >= 3)

        silent.close()
        let server = try await Self.bindAgain(endpoint)
        defer { server.close() }
        let bound = Date()
        let feeder = Task {
            for tid in UInt64(1)... {
                if Task.isCancelled { break }
                await server.send(try sampleTrain(tid))
            }
        }
        defer { feeder.cancel() }
        while let event = await client.next() {
            if case .timeout = event { continue }
            let train = try #require(event.train, "\(event)")
            #expect(train.trainID ?? 0 >= 1)
            let seconds = Date().timeIntervalSince(bound)
            #expect(seconds < 2, "the real server's first train came \(seconds) s after it bound")
            break
        }
    }

    /// A REP peer on its own thread answering each request with the next of `replies`;
    /// returns how many it answered.
    static func answer(_ endpoint: String, _ replies: [[ByteSlice]]) async throws -> Int {
        try await withCheckedThrowingContinuation { (cont: CheckedContinuation<Int, Error>) in
            Thread {
                do {
                    let context = try ZMQContext()
                    let rep = try ZMQSocket(context: context, type: .rep)
                    try rep.setLinger(milliseconds: 1000)
                    try rep.setReceiveTimeout(milliseconds: 10_000)
                    try rep.bind(endpoint)
                    var answered = 0
                    for reply in replies {
                        guard try rep.receiveMultipart() != nil else { break }
                        _ = try rep.send(reply)
                        answered += 1
                    }
                    Thread.sleep(forTimeInterval: 0.2)
                    rep.close()
                    cont.resume(returning: answered)
                } catch {
                    cont.resume(throwing: error)
                }
            }.start()
        }
    }

    @Test func halfMultipartRepliesAreReportedAndTheNextRequestIsServed() async throws {
        let endpoint = "tcp://127.0.0.1:\(TestEnvironment.freePort())"
        let full = try (1...3).map { BridgeEncoder().encode(try sampleTrain(UInt64($0))) }
        #expect(full[0].count == 4)
        // Each train is preceded by a reply cut short: the array header without its payload (3
        // frames), and the first frame alone (a header that is no protocol 1.0 message either).
        let replies = [Array(full[0].prefix(3)), full[0], Array(full[1].prefix(1)), full[1], Array(full[2].prefix(3)), full[2]]
        let peer = Task { try await Self.answer(endpoint, replies) }
        let client = try BridgeClient(BridgeClientConfiguration(endpoint: endpoint, pattern: .req, timeout: 10, queueDepth: 8))
        defer { client.close() }
        var errors: [BridgeDecodeError] = []
        var trains: [UInt64] = []
        while trains.count < 3, let event = await client.next() {
            switch event {
            case let .train(train, _): trains.append(train.trainID ?? 0)
            case let .decodeError(error, raw):
                #expect(raw.frames.count == 3 || raw.frames.count == 1)
                errors.append(error)
            case let .timeout(seconds, _): Issue.record("timed out after \(seconds) s"); return
            case let .socketError(text): Issue.record("\(text)"); return
            }
        }
        #expect(trains == [1, 2, 3])
        #expect(errors.count == 3)
        #expect(errors.first == .oddFrameCount(3))
        #expect(errors.last == .oddFrameCount(3))
        if errors.count == 3 {
            #expect(errors[1].description.hasPrefix("frame 0:"), "a clear error for a lone header frame: \(errors[1])")
        }
        #expect(client.statistics.snapshot.decodeErrors == 3)
        #expect(try await peer.value == 6)
    }
}
