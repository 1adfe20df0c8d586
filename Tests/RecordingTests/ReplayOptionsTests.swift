import BridgeSockets
import ByteSlices
import Foundation
import KaraboBridge
import Recording
import TestSupport
import Testing

/// Replay selection and rewriting on a raw recording, through a real socket.
@Suite(.timeLimit(.minutes(2))) struct ReplayOptionsTests {
    /// A recording of trains 500…509, 100 ms apart.
    static func recording() async throws -> (path: String, trains: [Train], frames: [[ByteSlice]]) {
        let path = try newRecordingPath()
        let trains = (0..<10).map { Samples.train(500 + UInt64($0)) }
        let frames = trains.map { Samples.frames($0) }
        let writer = try await RecordingWriter.create(directory: path)
        for (i, (train, f)) in zip(trains, frames).enumerated() {
            try await writer.append(RawMessage(frames: f, receivedAt: 1_700_000_000 + Double(i) / 10), train: train)
        }
        _ = try await writer.close()
        return (path, trains, frames)
    }

    /// Replays with `options` (fast) and receives `count` messages with our client.
    static func replay(_ path: String, _ options: ReplayOptions, count: Int) async throws -> [(Train?, RawMessage)] {
        var options = options
        options.pace = .fast
        let replayer = try await Replayer.open(path: path, options: options)
        let server = try await BridgeServer.start(BridgeServerConfiguration(endpoint: "tcp://127.0.0.1:0", pattern: .push))
        defer { server.close() }
        let sending = Task { await replayer.run(server: server) }
        let received = try await receive(count, from: server.endpoint, pattern: .pull)
        replayer.stop()
        // A looping replayer may be waiting in `send` for a reader that is gone: closing the
        // server releases it.
        server.close()
        _ = await sending.value
        return received
    }

    @Test func trainRangeAndStrideSelectWithoutReencoding() async throws {
        let (path, _, frames) = try await Self.recording()
        let received = try await Self.replay(path, ReplayOptions(firstTrain: 502, lastTrain: 508, stride: 3), count: 3)
        #expect(received.compactMap(\.0?.trainID) == [502, 505, 508])
        #expect(received.map { hashes($0.1.frames) } == [2, 5, 8].map { hashes(frames[$0]) }, "byte-identical")
    }

    @Test func sourceAndKeyGlobsReencode() async throws {
        let (path, trains, _) = try await Self.recording()
        let received = try await Self.replay(path, ReplayOptions(sourceGlob: Glob("SPB_*"), keyGlob: Glob("image.*")), count: 2)
        for (train, _) in received {
            let train = try #require(train)
            #expect(Array(train.sources.keys) == ["SPB_DET_AGIPD1M-1/DET/0CH0:xtdf"])
            let source = try #require(train["SPB_DET_AGIPD1M-1/DET/0CH0:xtdf"])
            #expect(Array(source.data.keys) == ["image.data", "image.pulseId", "image.mask"])
            let original = trains.first { $0.trainID == train.trainID }!
            #expect(source.array("image.data") == original["SPB_DET_AGIPD1M-1/DET/0CH0:xtdf"]?.array("image.data"))
        }
    }

    @Test func protocolReencodingAndDummyTimestamps() async throws {
        let path = try newRecordingPath()
        // Metadata without timestamps, as serve-files sends it.
        let writer = try await RecordingWriter.create(directory: path)
        for id: UInt64 in [1, 2] {
            let name = "view/hist"
            var source = SourceData(name: name, metadata: Metadata(source: name, trainID: id, timestamp: nil))
            source.data["counts"] = .array(Samples.array(.int32, [4], seed: id))
            let train = Train(sources: [source])
            try await writer.append(RawMessage(frames: Samples.frames(train), receivedAt: 1), train: train)
        }
        _ = try await writer.close()
        let received = try await Self.replay(path, ReplayOptions(protocolVersion: .v1_0, dummyTimestamps: true), count: 2)
        for (train, raw) in received {
            let train = try #require(train)
            #expect(raw.frames.count == 1)
            #expect(train.protocolVersion == .v1_0)
            let meta = try #require(train["view/hist"]).metadata
            #expect(abs((meta.timestamp ?? 0) - Date().timeIntervalSince1970) < 60)
            #expect(meta.trainID == train.trainID)
        }
    }

    @Test func loopKeepsOrFakesTrainIDs() async throws {
        let (path, _, frames) = try await Self.recording()
        let kept = try await Self.replay(path, ReplayOptions(loop: true, firstTrain: 508), count: 5)
        #expect(kept.compactMap(\.0?.trainID) == [508, 509, 508, 509, 508])
        #expect(hashes(kept[2].1.frames) == hashes(frames[8]), "loops repeat the recorded bytes")
        let faked = try await Self.replay(path, ReplayOptions(loop: true, fakeTrainIDs: true, firstTrain: 508), count: 5)
        #expect(faked.compactMap(\.0?.trainID) == [508, 509, 510, 511, 512])
        let third = try #require(faked[2].0)
        for source in third.sources.values { #expect(source.metadata.trainID == 510) }
    }

    @Test func nothingToReplayIsAnError() async throws {
        let (path, _, _) = try await Self.recording()
        await #expect(throws: RecordingError.self) {
            _ = try await Replayer.open(path: path, options: ReplayOptions(firstTrain: 9_999_999))
        }
        await #expect(throws: RecordingError.self) {
            _ = try await Replayer.open(path: "/nonexistent/recording")
        }
    }
}
