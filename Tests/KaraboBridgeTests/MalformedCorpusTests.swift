import ByteSlices
import Foundation
import KaraboBridge
import MessagePack
import TestSupport
import Testing

/// Feeds every corpus case to `BridgeDecoder`: each must fail with exactly its listed error,
/// and a good captured train must decode right after it.
@Suite struct MalformedCorpusTests {
    let decoder = BridgeDecoder()

    /// A good protocol 2.2 train captured from the Python simulator.
    static func goodFrames() throws -> [ByteSlice] {
        let file = Vectors.directory.appendingPathComponent("p22_REP_mixed_types/train_000.msgpack")
        guard case let .array(items) = try MessagePackDecoder().decode(ByteSlice(copying: try Data(contentsOf: file))) else {
            throw CorpusError("bad vector container")
        }
        return items.compactMap(\.binaryValue)
    }

    @Test func corpusIsCompleteAndCoversTheIssueList() throws {
        let cases = try MalformedCorpus.load()
        #expect(cases.count == MalformedCorpus.cases.count)
        #expect(Set(cases.map(\.name)) == (try MalformedCorpus.fileNames()), "every .frames file has one expectation")
        #expect(Set(cases.map(\.name)).count == cases.count)
        // The kinds of bad input issue #7 lists, each present at least once.
        for name in ["odd_frame_count", "truncated_header", "trailing_garbage_header", "header_not_map",
                     "source_missing", "source_mistyped", "content_missing", "content_mistyped", "path_missing",
                     "path_mistyped", "dtype_missing", "dtype_mistyped", "shape_missing", "shape_mistyped",
                     "shape_negative", "shape_product_overflow", "array_bytes_short", "dtype_unknown",
                     "non_utf8_source", "nested_10000_maps", "v1_not_a_map", "error_reply", "no_frames"] {
            #expect(cases.contains { $0.name == name }, "missing case \(name)")
        }
    }

    @Test(arguments: MalformedCorpus.cases)
    func caseFailsWithItsExactErrorAndTheNextTrainDecodes(_ corpusCase: MalformedCorpus.Case) throws {
        let error = #expect(throws: BridgeDecodeError.self) { try decoder.decode(corpusCase.frames) }
        #expect(error?.description == corpusCase.expectedError)
        let train = try decoder.decode(try Self.goodFrames())
        #expect(train.trainID == 20_000)
        #expect(train.protocolVersion == .v2_2)
    }

    @Test func everyCaseInOneSequenceThenAGoodTrain() throws {
        // The same decoder value across all cases: nothing a bad message does carries over.
        let good = try Self.goodFrames()
        let reference = try decoder.decode(good)
        for corpusCase in MalformedCorpus.cases {
            #expect(throws: BridgeDecodeError.self) { try decoder.decode(corpusCase.frames) }
        }
        let after = try decoder.decode(good)
        #expect(after.trainID == reference.trainID)
        #expect(after.sources.keys == reference.sources.keys)
    }

    @Test func hugeDeclaredSizesFailFastWithoutAllocating() throws {
        // Shapes declaring up to 2^62 elements, counts up to 2^32: each must be refused by
        // comparing with the bytes received, in far less time than touching that memory would take.
        let names = ["shape_huge_declared", "shape_huge_zero_size_dtype", "shape_product_overflow",
                     "shape_bytes_overflow", "huge_map_count", "huge_array_count", "huge_str_length", "v1_numpy_huge_shape"]
        let cases = MalformedCorpus.cases.filter { names.contains($0.name) }
        #expect(cases.count == names.count)
        let elapsed = ContinuousClock().measure {
            for corpusCase in cases {
                for _ in 0..<100 { _ = try? decoder.decode(corpusCase.frames) }
            }
        }
        // Allocating or touching what these declare (GiB to EiB) would take far longer or fail;
        // the bound leaves room for a loaded CI machine.
        #expect(elapsed < .seconds(10))
    }
}
