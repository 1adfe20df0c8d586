import ByteSlices
import Foundation
import KaraboBridge
import OrderedCollections
import TestSupport
import Testing

@Suite struct EncoderTests {
    /// Re-encoding a captured message gives the reference serializer's exact bytes.
    @Test(arguments: (try? Vectors.trainFiles().map(\.file)) ?? [])
    func reencodingCapturesIsByteIdentical(file: URL) throws {
        let frames = try loadFrames(file)
        let train = try BridgeDecoder().decode(frames)
        let encoded = BridgeEncoder(protocolVersion: train.protocolVersion).encode(train)
        #expect(encoded.count == frames.count)
        for (i, (ours, theirs)) in zip(encoded, frames).enumerated() {
            #expect(ours == theirs, "frame \(i) differs: \(ours.count) vs \(theirs.count) bytes")
        }
    }

    @Test func arrayPayloadsAreSentWithoutCopying() throws {
        let file = Vectors.directory.appendingPathComponent("p22_REP_AGIPDModule_raw_p4/train_000.msgpack")
        let frames = try loadFrames(file)
        let encoded = BridgeEncoder().encode(try BridgeDecoder().decode(frames))
        #expect(encoded[3].isSameMemory(as: frames[3]))
    }

    @Test(arguments: ProtocolVersion.allCases)
    func roundTripsEveryValueKind(version: ProtocolVersion) throws {
        let floats = (0..<6).map { Float($0) * 0.5 }
        let f32 = try NDArray(dtype: .float32, shape: [2, 3], data: ByteSlice(copying: floats.withUnsafeBytes { Array($0) }))
        let be = try NDArray(dtype: DType(parsing: ">u2"), shape: [2], data: ByteSlice(copying: [0, 1, 1, 0]))
        let empty = try NDArray(dtype: .float64, shape: [0, 4], data: .empty)
        let zeroD = try NDArray(dtype: .int32, shape: [], data: ByteSlice(copying: [7, 0, 0, 0]))
        let data: OrderedDictionary<String, Value> = [
            "int": .int(-5), "uint": .uint(UInt64.max), "float": .double(2.5), "flag": .bool(false),
            "text": .string("µJ"), "raw": .bytes(ByteSlice(copying: [0, 255])), "nothing": .none,
            "list": .list([.int(-1), .string("a"), .list([])]), "nested": .map(["a": .map(["b": .uint(1)])]),
            "image": .array(f32), "be": .array(be), "empty": .array(empty), "zeroD": .array(zeroD),
        ]
        let meta = Metadata(source: "A/B/C", trainID: 10_000_000_123, timestamp: 1_795_262_578.5)
        let train = Train(sources: [SourceData(name: "A/B/C", metadata: meta, data: data),
                                    SourceData(name: "A/A", metadata: Metadata(source: "A/A", trainID: 10_000_000_123, timestamp: nil))],
                          protocolVersion: version)
        let decoded = try BridgeDecoder().decode(BridgeEncoder(protocolVersion: version).encode(train))
        #expect(decoded.trainID == 10_000_000_123)
        #expect(Array(decoded.sources.keys) == ["A/A", "A/B/C"], "sources go out in name order")
        let got = try #require(decoded["A/B/C"])
        var want = data
        if version == .v1_0 { want["metadata"] = .map(meta.entries) }
        #expect(Array(got.data.keys) == Array(want.keys))
        for (key, value) in want { #expect(got.data[key] == value, "\(key): \(String(describing: got.data[key])) vs \(value)") }
        #expect(got.metadata == meta)
        #expect(got.metadata.timestamp == 1_795_262_578.5)
    }
}
