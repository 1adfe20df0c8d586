import ByteSlices
import Foundation
import KaraboBridge
import Operators
import Testing
import Views

/// `droplets`, `photons`, `sparsify` and `g2` as views: the published points and columns
/// against the kernels they wrap (checked against scipy / scikit-beam in OperatorsTests).
@Suite struct ReductionViewTests {
    static func train(_ id: UInt64, _ values: [Float], shape: [Int]) throws -> Train {
        let bytes = values.withUnsafeBytes { ByteSlice(HeapBytes(copying: $0)) }
        var d = SourceData(name: "D", metadata: Metadata(source: "D", trainID: id, timestamp: nil))
        d.data["img"] = .array(try NDArray(dtype: .float32, shape: shape, data: bytes))
        return Train(sources: [d])
    }

    @Test func dropletsPhotonsSparsify() throws {
        let g = try OperatorWrapperTests.graph("""
        views:
          d:
            operator: droplets
            input: D[img]
            params: {threshold: 10}
          p:
            operator: photons
            input: D[img]
            params: {threshold: 10, adu_per_photon: 100}
          s:
            operator: sparsify
            input: D[img]
            params: {cap: 4}
        """)
        // The 8×10 frame of the smalldata_tools worked example (reference notes §2.5).
        var v = [Float](repeating: 0, count: 80)
        for ((row, c), value) in [((1, 1), 95), ((1, 2), 8), ((2, 2), 20), ((4, 3), 130), ((4, 4), 150), ((4, 5), 40), ((5, 4), 60), ((6, 8), 30)] {
            v[row * 10 + c] = Float(value)
        }
        let frame = try DenseArray<Float>(shape: [8, 10], values: v)
        let r = g.process(try Self.train(1, frame.values, shape: [8, 10]))
        let droplets = try DropletFinder(threshold: 10).find(in: frame).droplets
        guard case let .points(x, y, _, _, columns)? = r.value("d") else { Issue.record("droplets"); return }
        #expect(x.doubles() == droplets.map(\.column) && y.doubles() == droplets.map(\.row))
        #expect(columns["adu"]?.array?.doubles() == [95, 20, 380, 30] && columns["pixels"]?.array?.doubles() == [1, 1, 4, 1])
        guard case let .points(px, py, _, _, pc)? = r.value("p") else { Issue.record("photons"); return }
        #expect(px.count == 5 && pc["count"] == .int(5) && py.doubles()?.first == 1)
        guard case let .points(sx, sy, _, _, sc)? = r.value("s") else { Issue.record("sparsify"); return }
        #expect(sx.doubles() == [1, 2, 2, 3] && sy.doubles() == [1, 1, 2, 4] && sc["value"]?.array?.doubles() == [95, 8, 20, 130])
        #expect(sc["count"] == .int(8))
    }

    @Test func g2AcrossTrains() throws {
        let g = try OperatorWrapperTests.graph("""
        views:
          g:
            operator: g2
            input: D[img]
            params: {levels: 2, buffers: 4, roi: [0, 0, 2, 1]}
        """)
        var tau = try MultiTau(levels: 2, buffers: 4, labels: [1, 1, 0, 0, 0, 0, 0, 0, 0, 0])
        var last: ViewValue?
        for t in 1...8 {
            let values = [Float(t), Float(t), 0, 0, 0, 0, 0, 0, 0, 0]
            last = g.process(try Self.train(UInt64(t), values, shape: [2, 5])).value("g")
            try values.withUnsafeBufferPointer { b throws(OperatorError) in try tau.add(b) }
        }
        guard case let .vector(data, x, _)? = last else { Issue.record("g2 \(String(describing: last))"); return }
        #expect(x.values == [0, 1, 2, 3, 4, 6])
        #expect(data.doubles() == tau.result.g2.map { $0[0] })
    }
}
