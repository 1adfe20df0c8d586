import Foundation
import Operators
import Testing
import TestSupport

/// Multi-tau g2 against scikit-beam's `multi_tau_auto_corr` (`Tests/Peers/red_g2.py`): the
/// worked example of the reference notes, a short run (truncated lags) and four speckle-like
/// runs with three ROIs and varied levels / buffers.
@Suite struct ReductionG2PeerTests {
    static let shared = Task<(URL, JSONValue), Error> {
        let dir = try TestEnvironment.temporaryDirectory("red-g2")
        let result = try await run(TestEnvironment.python,
                                   [TestEnvironment.peersDirectory.appendingPathComponent("red_g2.py").path, dir.path], timeout: 300)
        guard result.status == 0, result.stdout.contains("DONE") else {
            throw VectorError("red_g2.py failed (\(result.status)):\n\(result.stdout)\n\(result.stderr)")
        }
        return (dir, try JSONValue.parse(Data(contentsOf: dir.appendingPathComponent("cases.json"))))
    }

    static let ids = ["hand/ramp", "hand/three_frames", "sim/0", "sim/1", "sim/2", "sim/3"]

    /// Same lags; g2 within 1e-10 relative (float64 means in both, summed in other orders).
    @Test(arguments: ids)
    func matchesScikitBeam(_ id: String) async throws {
        let (dir, manifest) = try await Self.shared.value
        let c = try need(manifest["cases"]?.array?.first { $0["id"]?.string == id }, id)
        func raw<T>(_ key: String, _: T.Type) throws -> ([T], [Int]) {
            let entry = try need(manifest["arrays"]?[try need(c[key]?.string, key)], key)
            let data = try Data(contentsOf: dir.appendingPathComponent(try need(entry["file"]?.string, "file")))
            return (data.withUnsafeBytes { Array($0.bindMemory(to: T.self)) }, try need(entry["shape"]?.array?.compactMap(\.int), "shape"))
        }
        let (frames, shape) = try raw("frames", Float.self)
        let (labels, _) = try raw("labels", Int64.self)
        var g2 = try MultiTau(levels: try need(c["levels"]?.int, "levels"), buffers: try need(c["buffers"]?.int, "buffers"),
                              labels: labels.map { Int($0) })
        let per = shape.dropFirst().reduce(1, *)
        try frames.withUnsafeBufferPointer { all throws(OperatorError) in
            for f in 0..<shape[0] { try g2.add(UnsafeBufferPointer(rebasing: all[f * per..<(f + 1) * per])) }
        }
        let result = g2.result
        #expect(result.lags == (c["lags"]?.array?.compactMap(\.int) ?? []), "\(id) lags")
        let want = try need(c["g2"]?.array?.map { $0.array?.compactMap(\.double) ?? [] }, "g2")
        #expect(result.g2.count == want.count && result.g2.map(\.count) == want.map(\.count), "\(id) rows")
        guard result.g2.map(\.count) == want.map(\.count) else { return }
        let excess = Tolerance.excess(result.g2.flatMap { $0 }, want.flatMap { $0 }, rtol: 1e-10, atol: 0)
        #expect(excess <= 1, "\(id): \(excess)× the tolerance")
    }

    @Test func rejectsBadParameters() {
        #expect(throws: OperatorError.self) { try MultiTau(levels: 2, buffers: 3, labels: [1]) }
        #expect(throws: OperatorError.self) { try MultiTau(levels: 2, buffers: 4, labels: [0, 0]) }
    }
}
