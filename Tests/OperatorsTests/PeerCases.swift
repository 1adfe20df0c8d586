import ByteSlices
import Foundation
import KaraboBridge
import Operators
import TestSupport

/// Extra reference cases produced by `Tests/Peers/ops_reference.py`: pyFAI, scipy and numpy
/// run on this machine from the test venv, once per test process.
struct PeerCases: Sendable {
    let directory: URL
    let manifest: JSONValue

    static let shared = Task<PeerCases, Error> {
        let dir = try TestEnvironment.temporaryDirectory("ops-peer")
        let result = try await run(TestEnvironment.python,
                                   [TestEnvironment.peersDirectory.appendingPathComponent("ops_reference.py").path, dir.path],
                                   timeout: 300)
        guard result.status == 0, result.stdout.contains("DONE") else {
            throw VectorError("ops_reference.py failed (\(result.status)):\n\(result.stdout)\n\(result.stderr)")
        }
        return PeerCases(directory: dir,
                         manifest: try JSONValue.parse(Data(contentsOf: dir.appendingPathComponent("cases.json"))))
    }

    static func load() async throws -> PeerCases { try await shared.value }

    /// The ids of the cases of one kind.
    static let azimuthalIDs = [
        "ai/2th_deg_nosplit", "ai/2th_deg_bbox", "ai/r_mm_nosplit", "ai/r_mm_bbox", "ai/q_Am1_nosplit", "ai/q_Am1_bbox",
        "ai/pol_bbox_mask", "ai/pol_nosplit_nosa", "ai/range_nosplit_qnm", "ai/range_bbox_2th", "ai/range_histogram_rmm",
        "ai/dummy_nosplit", "ai/dummy_delta_bbox", "ai/tilted_bbox", "ai/tilted_nosplit_2th",
    ]
    static let gaussianIDs = ["gauss/sigma5_f32", "gauss/sigma1p5_truncate3_f32", "gauss/sigma3_f64", "gauss/tiny_longkernel_f32"]
    static let histogramIDs = ["hist/explicit_range", "hist/auto_range"]
    static let npyIDs = ["npy/bool", "npy/uint8", "npy/float32", "npy/>i2"]

    func ids(kind: String) -> [String] {
        manifest["cases"]?.array?.compactMap { $0["kind"]?.string == kind ? $0["id"]?.string : nil } ?? []
    }

    func `case`(_ id: String) throws -> JSONValue {
        try need(manifest["cases"]?.array?.first { $0["id"]?.string == id }, "peer case \(id)")
    }

    /// An array written by the peer, as an `NDArray` of its dtype.
    func array(_ name: String) throws -> NDArray {
        let entry = try need(manifest["arrays"]?[name], "peer array \(name)")
        let file = try need(entry["file"]?.string, "file")
        let data = try Data(contentsOf: directory.appendingPathComponent(file))
        let slice = data.withUnsafeBytes { ByteSlice(HeapBytes(copying: $0)) }
        return try NDArray(dtype: DType(parsing: try need(entry["dtype"]?.string, "dtype")),
                           shape: try need(entry["shape"]?.array?.compactMap(\.int), "shape"), data: slice)
    }

    func dense<E: DenseElement>(_ name: String, as _: E.Type = E.self) throws -> DenseArray<E> {
        let a = try array(name)
        guard a.dtype == E.dtype else { throw VectorError("\(name) is \(a.dtype), not \(E.dtype)") }
        return try DenseArray(a)
    }
}
