import Foundation
import Operators
import Testing
import TestSupport

/// Droplets against scipy.ndimage (`label`, `sum`, `center_of_mass`, `find_objects`,
/// `maximum_filter` for the seed/join mode) on the smalldata_tools worked example and on
/// simulated photon frames (`Tests/Peers/red_droplets.py`).
@Suite struct DropletPeerTests {
    struct Cases: Sendable {
        let directory: URL
        let manifest: JSONValue

        static let shared = Task<Cases, Error> {
            let dir = try TestEnvironment.temporaryDirectory("red-droplets")
            let result = try await run(TestEnvironment.python,
                                       [TestEnvironment.peersDirectory.appendingPathComponent("red_droplets.py").path, dir.path],
                                       timeout: 300)
            guard result.status == 0, result.stdout.contains("DONE") else {
                throw VectorError("red_droplets.py failed (\(result.status)):\n\(result.stdout)\n\(result.stderr)")
            }
            return Cases(directory: dir, manifest: try JSONValue.parse(Data(contentsOf: dir.appendingPathComponent("cases.json"))))
        }

        func raw<T>(_ name: String, as _: T.Type) throws -> (values: [T], shape: [Int]) {
            let entry = try need(manifest["arrays"]?[name], "array \(name)")
            let data = try Data(contentsOf: directory.appendingPathComponent(try need(entry["file"]?.string, "file")))
            return (data.withUnsafeBytes { Array($0.bindMemory(to: T.self)) }, try need(entry["shape"]?.array?.compactMap(\.int), "shape"))
        }
    }

    static let ids = ["hand/worked_10", "hand/worked_10_5", "hand/worked_8conn", "hand/worked_min_adu", "hand/worked_pixmax"]
        + (0..<6).map { "sim/\($0)" }

    @Test func everyCaseIsCovered() async throws {
        let cases = try await Cases.shared.value
        #expect(Set(cases.manifest["cases"]?.array?.compactMap { $0["id"]?.string } ?? []) == Set(Self.ids))
    }

    /// Same droplets in the same (label) order; counts and boxes exact, sums and centroids
    /// within 1e-9 relative (both sum the same float32 values in float64, in other orders).
    @Test(arguments: ids)
    func matchesScipy(_ id: String) async throws {
        let cases = try await Cases.shared.value
        let c = try need(cases.manifest["cases"]?.array?.first { $0["id"]?.string == id }, id)
        let (values, shape) = try cases.raw(try need(c["data"]?.string, "data"), as: Float.self)
        let frame = try DenseArray<Float>(shape: shape, values: values)
        var mask: PixelMask?
        if let m = c["mask"]?.string { mask = try PixelMask(shape: shape, flags: try cases.raw(m, as: UInt8.self).values) }
        let finder = try DropletFinder(threshold: Float(try need(c["threshold"]?.double, "threshold")),
                                       joinThreshold: Float(try need(c["low"]?.double, "low")),
                                       connectivity: c["connectivity"]?.int == 8 ? .eight : .four,
                                       minimumADU: c["min_adu"]?.double.map { Float($0) }, pixelMaximum: c["pixmax"]?.double.map { Float($0) })
        let got = try finder.find(in: frame, mask: mask)
        let ref = try need(c["reference"], "reference")
        func column(_ k: String) throws -> [Double] { try need(ref[k]?.array?.compactMap(\.double), k) }
        let adu = try column("adu"), row = try column("row"), col = try column("col"), npix = try column("npix")
        #expect(got.allCount == ref["all_count"]?.int, "\(id) all_count")
        #expect(got.droplets.count == adu.count, "\(id): \(got.droplets.count) droplets, scipy \(adu.count)")
        guard got.droplets.count == adu.count else { return }
        #expect(got.droplets.map(\.pixelCount) == npix.map { Int($0) }, "\(id) npix")
        let boxes = try need(ref["bbox"]?.array?.map { $0.array?.compactMap(\.int) ?? [] }, "bbox")
        #expect(got.droplets.map { [$0.rowRange.lowerBound, $0.rowRange.upperBound, $0.columnRange.lowerBound, $0.columnRange.upperBound] } == boxes,
                "\(id) bbox")
        #expect(Tolerance.excess(got.droplets.map(\.adu), adu, rtol: 1e-9, atol: 1e-9) <= 1, "\(id) adu")
        #expect(Tolerance.excess(got.droplets.map(\.row), row, rtol: 1e-9, atol: 1e-9) <= 1, "\(id) row")
        #expect(Tolerance.excess(got.droplets.map(\.column), col, rtol: 1e-9, atol: 1e-9) <= 1, "\(id) col")
        print("DROPLETS \(id): \(got.droplets.count) droplets match")
    }
}
