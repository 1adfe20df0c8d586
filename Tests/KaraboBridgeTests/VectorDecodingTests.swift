import ByteSlices
import Foundation
import KaraboBridge
import TestSupport
import Testing

/// Every captured message in ../shared/vectors decodes to what the reference Python client returns.
@Suite struct VectorDecodingTests {
    static let files: [URL] = (try? Vectors.trainFiles().map(\.file)) ?? []

    @Test func vectorsArePresent() throws {
        #expect(Self.files.count == 12, "expected the 12 captured trains under \(Vectors.directory.path)")
    }

    @Test(arguments: files)
    func decodesLikeReferenceClient(file: URL) throws {
        let expected = try Vectors.expected(for: file)
        let frames = try loadFrames(file)
        // Transport: the frames are byte-identical to the capture.
        #expect(frames.map(\.count) == expected["part_sizes"]?.array?.compactMap(\.int))
        #expect(frames.map(sha256Hex) == expected["part_sha256"]?.array?.compactMap(\.string))

        let train = try BridgeDecoder().decode(frames)
        #expect(train.protocolVersion == (frames.count == 1 ? .v1_0 : .v2_2))
        #expect(Array(train.sources.keys) == expected["sources"]?.array?.compactMap(\.string))

        let expData = try #require(expected["data"]?.object)
        let expMeta = try #require(expected["metadata"]?.object)
        for (name, source) in train.sources {
            let diffs = differences(.map(source.data), try #require(expData[name]), at: name)
            #expect(diffs.isEmpty, "\(diffs.joined(separator: "\n"))")
            let metaDiffs = differences(.map(source.metadata.entries), try #require(expMeta[name]), at: name + "#metadata")
            #expect(metaDiffs.isEmpty, "\(metaDiffs.joined(separator: "\n"))")
        }
        let firstTid = expMeta.values.compactMap { $0["timestamp.tid"]?.uint64 }.first
        #expect(train.trainID == firstTid)
    }

    @Test func arraysViewTheReceivedFrames() throws {
        let file = Vectors.directory.appendingPathComponent("p22_REP_AGIPDModule_raw_p4/train_000.msgpack")
        let frames = try loadFrames(file)
        let train = try BridgeDecoder().decode(frames)
        let data = try #require(train["SPB_DET_AGIPD1M-1/DET/0CH0:xtdf", "image.data"]?.array)
        #expect(data.buffer.isSameMemory(as: frames[3]), "image.data must view frame 3, not a copy")
        #expect(data.contiguousData.isSameMemory(as: frames[3]))

        let v1 = try loadFrames(Vectors.directory.appendingPathComponent("p10_REP_AGIPDModule_raw_p4/train_000.msgpack"))
        let t1 = try BridgeDecoder().decode(v1)
        let a1 = try #require(t1["SPB_DET_AGIPD1M-1/DET/0CH0:xtdf", "image.data"]?.array)
        #expect(a1.buffer.storage === v1[0].storage, "1.0 arrays must view the single frame")
    }

    @Test func metadataAccessorsTolerateQuirks() throws {
        let file = Vectors.directory.appendingPathComponent("p22_REP_AGIPDModule_raw_p4/train_001.msgpack")
        let train = try BridgeDecoder().decode(try loadFrames(file))
        let md = try #require(train.sources.values.first?.metadata)
        #expect(md.trainID == 10_000_000_001)
        let t = try #require(md.timestamp)
        let fromParts = Double(try #require(md.seconds)) + Double(try #require(md.attoseconds)) * 1e-18
        #expect(abs(t - fromParts) < 1e-5)
    }

    @Test func errorReplyIsRecognised() throws {
        let file = Vectors.directory.appendingPathComponent("p22_REP_bad_request/reply_to_hello.msgpack")
        let frames = try loadFrames(file)
        #expect(throws: BridgeDecodeError.errorReply("Error: bad request hello")) { try BridgeDecoder().decode(frames) }
    }
}
