import ByteSlices
import ExampleViews
import KaraboBridge
@testable import ScaleOut
import Testing
import Views

/// A per-train stage output sent through the MPI message encoding gives the same published
/// message, byte for byte, as the output used in place.
@Suite struct StageOutputCodecTests {
    static let yaml = """
    views:
      frame:
        operator: pick
        input: SRC/A[image]
        hidden: true
      roi:
        operator: roi
        input: view:frame
        params: {x: 1, y: 0, width: 2, height: 2}
      total:
        operator: scalar_sum
        input: view:frame
      profile:
        operator: projection
        input: view:frame
      gone:
        operator: pick
        input: SRC/A[absent]
      avg:
        operator: moving_average
        input: view:total
        params: {window: 3}
      ids:
        operator: pick
        input: train:id
      later:
        operator: moving_average
        input: SRC/A[value]
        params: {window: 2}
    """

    static func train(_ id: UInt64) -> Train {
        let image = NDArray.float64((0..<12).map { Double($0) * Double(id) }, shape: [3, 4])
        let source = SourceData(name: "SRC/A", metadata: Metadata(source: "SRC/A", trainID: id, timestamp: 1.7e9 + Double(id) / 10),
                                data: ["image": .array(image), "value": .double(Double(id) / 3)])
        return Train(sources: [source])
    }

    @Test func roundTripPublishesTheSameBytes() throws {
        let graph = ActiveGraph(try ViewGraph(try ViewsFile.parse(Self.yaml), library: .builtIn))
        let local = ActiveGraph(try ViewGraph(try ViewsFile.parse(Self.yaml), library: .builtIn))
        let encoder = BridgeEncoder()
        for id: UInt64 in 1...4 {
            let direct = local.runTrainStage(Self.train(id))
            let (decoded, rank) = try StageOutputCodec.decode(StageOutputCodec.encode(graph.runTrainStage(Self.train(id)), rank: 2))
            #expect(rank == 2)
            #expect(decoded.trainID == id)
            #expect(decoded.timestamp == direct.timestamp)
            #expect(decoded.records.map(\.name) == direct.records.map(\.name))
            #expect(Set(decoded.trainInputs.keys) == Set(direct.trainInputs.keys))
            let viaMessage = graph.runReduceStage(decoded), inPlace = local.runReduceStage(direct)
            let a = try #require(viaMessage.results(in: graph).bridgeTrain()), b = try #require(inPlace.results(in: local).bridgeTrain())
            #expect(encoder.encode(a).map(\.bytes) == encoder.encode(b).map(\.bytes), "train \(id)")
            #expect(viaMessage.records.map { "\($0.outcome)" } == inPlace.records.map { "\($0.outcome)" })
        }
    }

    @Test func malformedMessagesAreErrorsNotTraps() {
        #expect(throws: ScaleOutError.self) { try StageOutputCodec.decode(ByteSlice(copying: [UInt8]())) }
        #expect(throws: ScaleOutError.self) { try StageOutputCodec.decode(ByteSlice(copying: [UInt8](repeating: 0xff, count: 40))) }
        let good = StageOutputCodec.encode(StageOutput(trainID: 5, timestamp: nil, records: [], trainInputs: [:]), rank: 1)
        let cut = good.slice(offset: 0, count: good.count - 3)!
        #expect(throws: ScaleOutError.self) { try StageOutputCodec.decode(cut) }
    }
}
