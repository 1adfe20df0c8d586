import BridgeSockets
import ByteSlices
import Foundation
import KaraboBridge
import MessagePack
import Synchronization
import TestSupport
import Testing
import ZeroMQ

/// The malformed-message corpus of `Tests/KaraboBridgeTests/Corpus`, read from this file's path.
enum MalformedInputCorpus {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("KaraboBridgeTests/Corpus")

    /// (name, frames, exact error text) for every case in `expected.tsv`.
    static func load() throws -> [(name: String, frames: [ByteSlice], error: String)] {
        let table = try String(contentsOf: directory.appendingPathComponent("expected.tsv"), encoding: .utf8)
        return try table.split(separator: "\n").map { line in
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            let url = directory.appendingPathComponent(parts[0] + ".frames")
            return (parts[0], try container(Data(contentsOf: url)), parts[1])
        }
    }

    /// Frames stored as one msgpack array of bin (the format of `../shared/vectors`).
    static func container(_ data: Data) throws -> [ByteSlice] {
        let value = try MessagePackDecoder().decode(ByteSlice(copying: data))
        return value.arrayValue?.compactMap(\.binaryValue) ?? []
    }

    /// A good captured protocol 2.2 train (train ID 20000 + index).
    static func goodTrain(_ index: Int = 0) throws -> [ByteSlice] {
        let file = Vectors.directory.appendingPathComponent("p22_REP_mixed_types/train_00\(index).msgpack")
        return try container(Data(contentsOf: file))
    }
}

/// Hands a socket to the one thread that uses it from then on.
final class SocketHandoff: @unchecked Sendable {
    let socket: ZMQSocket
    init(_ socket: ZMQSocket) { self.socket = socket }
}

/// A PUSH socket bound to a free loopback port that sends raw messages from its own thread.
final class RawPusher: Sendable {
    let context: ZMQContext
    let socket: SocketHandoff
    let endpoint: String

    init() throws {
        context = try ZMQContext()
        let push = try ZMQSocket(context: context, type: .push)
        try push.setLinger(milliseconds: 0)
        try push.bind("tcp://127.0.0.1:0")
        socket = SocketHandoff(push)
        endpoint = try #require(push.lastEndpoint)
    }

    /// Sends `messages` in order on a new thread (a PUSH send waits for a connected puller).
    func send(_ messages: [[ByteSlice]]) async throws {
        let box = socket
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, Error>) in
            Thread {
                do {
                    for message in messages { _ = try box.socket.send(message) }
                    done.resume()
                } catch { done.resume(throwing: error) }
            }.start()
        }
    }

    func close() { socket.socket.close() }
}

/// Bad input over a real socket: the client reports each malformed message with its exact
/// error, keeps running, and decodes the good train that follows.
@Suite(.timeLimit(.minutes(2))) struct MalformedInputTests {
    /// Counts messages passed to the tap.
    final class TapCounter: Sendable {
        let count = Atomic<Int>(0)
    }

    @Test func everyCorpusCaseOverZeroMQThenAGoodTrain() async throws {
        // A zero-frame message cannot be sent over ZeroMQ; the decoder test covers it.
        let cases = try MalformedInputCorpus.load().filter { !$0.frames.isEmpty }
        #expect(cases.count >= 40)
        let pusher = try RawPusher()
        defer { pusher.close() }
        let tapped = TapCounter()
        var configuration = BridgeClientConfiguration(endpoint: pusher.endpoint, pattern: .pull, timeout: 30,
                                                      queueDepth: 4, noDrop: true)
        configuration.tap = { _ in tapped.count.add(1, ordering: .relaxed) }
        let client = try BridgeClient(configuration)
        defer { client.close() }
        let good = try MalformedInputCorpus.goodTrain()
        let sending = Task { try await pusher.send(cases.flatMap { [$0.frames, good] }) }
        for corpusCase in cases {
            let event = try #require(await client.next())
            guard case let .decodeError(error, raw) = event else {
                Issue.record("\(corpusCase.name): expected a decode error, got \(event)")
                continue
            }
            #expect(error.description == corpusCase.error, "\(corpusCase.name)")
            #expect(raw.frames == corpusCase.frames, "\(corpusCase.name): the raw message is reported as received")
            let next = try #require(await client.next())
            #expect(next.train?.trainID == 20_000, "\(corpusCase.name): the good train after it decodes")
        }
        try await sending.value
        let stats = client.statistics.snapshot
        #expect(stats.decodeErrors == cases.count)
        #expect(stats.trainsReceived == cases.count)
        #expect(tapped.count.load(ordering: .relaxed) == 2 * cases.count)
    }

    @Test func messageOverTheByteLimitIsDrainedUnkeptAndTheClientGoesOn() async throws {
        let pusher = try RawPusher()
        defer { pusher.close() }
        let tapped = TapCounter()
        let limit = 1 << 20
        var configuration = BridgeClientConfiguration(endpoint: pusher.endpoint, pattern: .pull, timeout: 30,
                                                      queueDepth: 4, noDrop: true, maxMessageBytes: limit)
        configuration.tap = { _ in tapped.count.add(1, ordering: .relaxed) }
        let client = try BridgeClient(configuration)
        defer { client.close() }
        let good = try MalformedInputCorpus.goodTrain()
        // Six frames of 300 KiB: each is under the limit, their sum is not.
        let big = ByteSlice(copying: [UInt8](repeating: 7, count: 300 << 10))
        let oversized = [ByteSlice](repeating: big, count: 6)
        // A header declaring 2^40 elements, with 8 bytes behind it.
        let hugeShape = try #require(MalformedInputCorpus.load().first { $0.name == "shape_huge_declared" })
        let sending = Task { try await pusher.send([oversized, good, hugeShape.frames, oversized, good]) }

        let first = try #require(await client.next())
        guard case let .decodeError(error, raw) = first else { Issue.record("expected an error, got \(first)"); return }
        #expect(error == .messageTooLarge(limit: limit, frames: 6, bytes: 6 * (300 << 10)))
        #expect(error.description == "message of 1843200 bytes in 6 frames exceeds the limit of 1048576 bytes; discarded")
        #expect(raw.frames.isEmpty, "nothing of the oversized message is kept")
        #expect(try #require(await client.next()).train?.trainID == 20_000)
        let declared = try #require(await client.next())
        if case let .decodeError(error, _) = declared { #expect(error.description == hugeShape.error) } else {
            Issue.record("expected the huge-shape error, got \(declared)")
        }
        if case .decodeError(.messageTooLarge, _) = try #require(await client.next()) {} else { Issue.record("expected too large") }
        #expect(try #require(await client.next()).train?.trainID == 20_000)
        try await sending.value
        let stats = client.statistics.snapshot
        #expect(stats.discarded == 2)
        #expect(stats.decodeErrors == 3)
        #expect(stats.trainsReceived == 2)
        #expect(tapped.count.load(ordering: .relaxed) == 3, "the tap sees only the messages that were kept")
    }

    @Test func defaultByteLimitIsBelowPhysicalMemory() {
        let limit = BridgeClientConfiguration.defaultMaxMessageBytes
        #expect(limit <= 4 << 30)
        #expect(UInt64(limit) <= ProcessInfo.processInfo.physicalMemory / 4)
        #expect(limit >= 64 << 20)
        #expect(BridgeClientConfiguration(endpoint: "tcp://127.0.0.1:1").maxMessageBytes == limit)
    }

    @Test func boundedReceiveReleasesAndDrains() async throws {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context: context, type: .pull)
        try socket.setLinger(milliseconds: 0)
        try socket.setReceiveTimeout(milliseconds: 10_000)
        try socket.bind("tcp://127.0.0.1:0")
        let endpoint = try #require(socket.lastEndpoint)
        let pull = SocketHandoff(socket)
        defer { pull.socket.close() }
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, Error>) in
            Thread {
                do {
                    let push = try ZMQSocket(context: context, type: .push)
                    try push.setLinger(milliseconds: 5000)
                    try push.connect(endpoint)
                    for sizes in [[3000], [500, 500, 500, 500], [10, 20]] {
                        _ = try push.send(sizes.map { ByteSlice(copying: [UInt8](repeating: 1, count: $0)) })
                    }
                    push.close()
                    done.resume()
                } catch { done.resume(throwing: error) }
            }.start()
        }
        // Blocking receives with a timeout: run them off the cooperative pool.
        let outcomes = try await withCheckedThrowingContinuation { (done: CheckedContinuation<[String], Error>) in
            Thread {
                do {
                    var out: [String] = []
                    for _ in 0..<3 {
                        switch try pull.socket.receiveMultipart(dontWait: false, maxBytes: 1000) {
                        case let .message(frames)?: out.append("message \(frames.map(\.slice.count))")
                        case let .tooLarge(frames, bytes)?: out.append("tooLarge \(frames) \(bytes)")
                        case let .tooManyFrames(frames)?: out.append("tooManyFrames \(frames)")
                        case nil: out.append("timeout")
                        }
                    }
                    done.resume(returning: out)
                } catch { done.resume(throwing: error) }
            }.start()
        }
        #expect(outcomes == ["tooLarge 1 3000", "tooLarge 4 2000", "message [10, 20]"])
    }
}
