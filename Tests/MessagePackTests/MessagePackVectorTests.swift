import ByteSlices
import Foundation
import MessagePack
import Testing

/// Decodes the real Karabo Bridge messages captured in `shared/vectors`.
@Suite struct MessagePackVectorTests {
    let decoder = MessagePackDecoder()

    /// The frames of one container file, each a zero-copy slice of the file's bytes.
    func frames(_ path: String) throws -> (file: ByteSlice, frames: [ByteSlice]) {
        let file = try readVector(path)
        let container = try decoder.decode(file)
        let elements = try #require(container.arrayValue)
        let frames = elements.compactMap(\.binaryValue)
        #expect(frames.count == elements.count, "every element of the container is a bin")
        return (file, frames)
    }

    /// `nparts` and `part_sizes` of the expected JSON next to `path`.
    func expectedSizes(_ path: String) throws -> [Int] {
        let data = try Data(contentsOf: vectorsDirectory.appendingPathComponent(path + ".expected.json"))
        let json = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(json["part_sizes"] as? [Int])
    }

    @Test func agipdHeaderFrame() throws {
        let (file, frames) = try frames("p22_REP_AGIPDModule_raw_p4/train_000.msgpack")
        #expect(frames.count == 12)
        #expect(frames.allSatisfy { $0.storage === file.storage })
        let header = try decoder.decode(frames[0])
        #expect(header.mapValue?.count == 3)
        #expect(header["source"]?.stringValue == "SPB_DET_AGIPD1M-1/DET/0CH0:xtdf")
        #expect(header["content"]?.stringValue == "msgpack")
        let metadata = try #require(header["metadata"])
        #expect(metadata["timestamp.tid"] == .uint(10_000_000_000))
        #expect(metadata["timestamp.tid"]?.uint64Value == 10_000_000_000)
        #expect(metadata["source"]?.stringValue == "SPB_DET_AGIPD1M-1/DET/0CH0:xtdf")
        if case .float64 = metadata["timestamp"] {} else { Issue.record("timestamp is not float64") }
        #expect(metadata["timestamp.frac"]?.stringValue?.count == 18)
        // The data part of the raw AGIPD module is an empty map.
        #expect(try decoder.decode(frames[1]) == .map([]))
        // Our packer reproduces Python's bytes exactly.
        #expect(packed(header) == frames[0].bytes)
    }

    @Test(arguments: [
        "p22_REP_AGIPDModule_raw_p4/train_000.msgpack", "p22_REP_AGIPDModule_raw_p4/train_001.msgpack",
        "p22_REP_AGIPDModule_raw_p4/train_002.msgpack", "p22_PUSH_AGIPDModule_raw_p4/train_000.msgpack",
        "p22_PUSH_AGIPDModule_raw_p4/train_001.msgpack", "p22_REP_AGIPD_corr_p1/train_000.msgpack",
        "p22_REP_mixed_types/train_000.msgpack", "p22_REP_mixed_types/train_001.msgpack",
        "p10_REP_AGIPDModule_raw_p4/train_000.msgpack", "p10_REP_AGIPDModule_raw_p4/train_001.msgpack",
        "p10_REP_mixed_types/train_000.msgpack", "p10_REP_mixed_types/train_001.msgpack",
    ])
    func containerFramesMatchTheExpectedSizes(path: String) throws {
        let (_, frames) = try frames(path)
        #expect(frames.map(\.count) == (try expectedSizes(path)))
        // Frame 0 is always msgpack (2.2: the header; 1.0: the whole message) and re-packs to the same bytes.
        let first = try decoder.decode(frames[0])
        #expect(first.mapValue != nil)
        #expect(packed(first) == frames[0].bytes)
    }

    @Test func protocol22MessageFramesDecode() throws {
        let (_, frames) = try frames("p22_REP_mixed_types/train_000.msgpack")
        var decodedCount = 0
        for frame in frames {
            guard let value = try? decoder.decode(frame) else { continue }  // raw array payloads
            if value.mapValue != nil {
                decodedCount += 1
                #expect(packed(value) == frame.bytes)
            }
        }
        #expect(decodedCount >= 12)
        let xgm = try decoder.decode(frames[1])
        #expect(xgm["pulseEnergy.photonFlux.value"] == .float64(1234.5))
        #expect(xgm["negative.int"] == .int(-7))
        #expect(xgm["big.uint"] == .uint((1 << 63) + 5))
        #expect(xgm["name.value"]?.stringValue == "XGM µJ")
        #expect(xgm["bytes.value"]?.binaryValue?.bytes == [0x00, 0x01, 0xff])
        #expect(xgm["none.value"] == .nil)
        #expect(xgm["empty.list"] == .array([]))
        #expect(xgm["nested"]?["b"]?["c"] == .string("d"))
        #expect(xgm["np.scalar.f32"] == .float64(0.25))
        #expect(xgm["np.scalar.u64"] == .uint(10_000_000_000))
    }

    @Test func protocol10BinKeyedArrays() throws {
        let (_, frames) = try frames("p10_REP_mixed_types/train_000.msgpack")
        let message = try decoder.decode(frames[0])
        let xgm = try #require(message["SA1_XTD2_XGM/XGM/DOOCS"])
        #expect(xgm["metadata"]?["timestamp.tid"]?.uint64Value == 20000)
        #expect(xgm["name.value"]?.stringValue == "XGM µJ")
        let array = try #require(xgm["data.intensityTD"])
        #expect(array.mapValue?.first?.key == .binary(ByteSlice(utf8: "nd")))
        #expect(array["nd"] == .bool(true))
        #expect(array["type"]?.stringValue == "<f4")
        #expect(array["kind"]?.binaryValue?.count == 0)
        #expect(array["shape"] == .array([.uint(5)]))
        let data = try #require(array["data"]?.binaryValue)
        #expect(data.count == 20)
        #expect(data.storage === frames[0].storage)
        let scalar = try #require(xgm["np.scalar.f32"])
        #expect(scalar["nd"] == .bool(false))
        #expect(scalar["data"]?.binaryValue?.bytes == [0x00, 0x00, 0x80, 0x3e])
    }

    @Test func nonMsgpackReplyFrame() throws {
        let (_, frames) = try frames("p22_REP_bad_request/reply_to_hello.msgpack")
        #expect(frames.count == 1)
        #expect(throws: MessagePackError.trailingBytes(count: 23)) { try decoder.decode(frames[0]) }
    }
}
