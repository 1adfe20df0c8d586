import Foundation
import KaraboBridge
import Operators
import Testing
import TestSupport

/// scipy `gaussian_filter`, numpy `histogram` and numpy `.npy` files from this machine's venv
/// (`Tests/Peers/ops_reference.py`, `ops_npy_read.py`).
@Suite struct PeerScipyNumpyTests {
    @Test func everyPeerCaseIsCovered() async throws {
        let peer = try await PeerCases.load()
        #expect(Set(peer.ids(kind: "gaussian_filter_2d")) == Set(PeerCases.gaussianIDs))
        #expect(Set(peer.ids(kind: "histogram")) == Set(PeerCases.histogramIDs))
        #expect(Set(peer.ids(kind: "npy_mask")) == Set(PeerCases.npyIDs))
    }

    /// Double accumulation is bit-identical to scipy; single accumulation meets the reference
    /// cases' Gaussian tolerance, rtol 1e-6 + 2e-6·max|input|.
    @Test(arguments: PeerCases.gaussianIDs, GaussianFilter.Accumulation.allCases)
    func gaussianMatchesScipy(_ id: String, _ accumulation: GaussianFilter.Accumulation) async throws {
        let peer = try await PeerCases.load()
        let c = try peer.case(id)
        let filter = try GaussianFilter(sigma: try need(c["params"]?["sigma"]?.double, "sigma"),
                                        truncate: try need(c["params"]?["truncate"]?.double, "truncate"),
                                        accumulation: accumulation)
        let input = try peer.array(try need(c["inputs"]?["image"]?.string, "image"))
        let expected = try peer.array(try need(c["outputs"]?["smoothed"]?.string, "smoothed"))
        let got: NDArray
        if input.dtype == .float32 {
            got = try filter.apply(to: try DenseArray<Float>(input)).ndarray
        } else {
            got = try filter.apply(to: try DenseArray<Double>(input)).ndarray
        }
        #expect(got.dtype == expected.dtype && got.shape == expected.shape)
        let g = try need(got.doubles(), "values"), e = try need(expected.doubles(), "values")
        let maxInput = try need(input.doubles(), "input").reduce(0) { max($0, abs($1)) }
        let excess = Tolerance.excess(g, e, rtol: 1e-6, atol: 2e-6 * maxInput)
        #expect(excess <= 1, "\(id) \(accumulation): \(excess)× the tolerance")
        if accumulation == .double || input.dtype == .float64 {
            #expect(got == expected, "\(id): not bit-identical")
        }
        print("PEERCASE \(id) \(accumulation): \(excess) of tolerance, bit-identical \(got == expected)")
    }

    @Test(arguments: PeerCases.histogramIDs)
    func histogramMatchesNumpy(_ id: String) async throws {
        let peer = try await PeerCases.load()
        let c = try peer.case(id)
        let values = try peer.dense(try need(c["inputs"]?["values"]?.string, "values"), as: Float.self)
        var range: ClosedRange<Double>?
        if let r = c["params"]?["range"]?.array?.compactMap(\.double), r.count == 2 { range = r[0]...r[1] }
        let h = try Histogram.of(values, bins: try need(c["params"]?["bins"]?.int, "bins"), range: range)
        let counts = try need(try peer.array(try need(c["outputs"]?["counts"]?.string, "counts")).integers(), "counts")
        let edges = try need(try peer.array(try need(c["outputs"]?["edges"]?.string, "edges")).doubles(), "edges")
        #expect(h.counts == counts.map { Int(Int64(bitPattern: $0)) })
        #expect(h.edges == edges)
        if range != nil {
            #expect(h.nanCount == 7 && h.underflow + h.overflow + h.total + h.nanCount == values.count)
        }
    }

    @Test(arguments: PeerCases.npyIDs)
    func readsMasksSavedByNumpy(_ id: String) async throws {
        let peer = try await PeerCases.load()
        let c = try peer.case(id)
        let path = peer.directory.appendingPathComponent(try need(c["params"]?["path"]?.string, "path")).path
        let mask = try PixelMask.load(path: path)
        let expected = try peer.array(try need(c["outputs"]?["flags"]?.string, "flags"))
        #expect(mask.shape == expected.shape)
        #expect(mask.flags == expected.contiguousData.bytes)
        let inverted = try PixelMask.load(path: path, invert: true)
        #expect(inverted.maskedCount == mask.flags.count - mask.maskedCount)
    }

    @Test func numpyReadsOurMasks() async throws {
        let dir = try TestEnvironment.temporaryDirectory("ops-npy")
        defer { try? FileManager.default.removeItem(at: dir) }
        var flags = [UInt8](repeating: 0, count: 7 * 11)
        for i in [0, 12, 40, 76] { flags[i] = 1 }
        let mask = try PixelMask(shape: [7, 11], flags: flags)
        let path = dir.appendingPathComponent("mask.npy").path
        try mask.saveNPY(to: path)
        let result = try await run(TestEnvironment.python,
                                   [TestEnvironment.peersDirectory.appendingPathComponent("ops_npy_read.py").path, path])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONValue.parse(result.stdout)
        #expect(json["dtype"]?.string == "|u1")
        #expect(json["shape"]?.array?.compactMap(\.int) == [7, 11])
        #expect(json["values"]?.array?.compactMap(\.int) == flags.map(Int.init))
        #expect(try PixelMask.load(path: path) == mask)
    }
}
