import Operators
import Testing
import TestSupport

/// Our `.geom` reader and assembly against EXtra-geom 1.17 on the same files: AGIPD-1M (shifted,
/// rotated and tilted modules), LPD-1M, JUNGFRAU ×3 (one module turned by 180°) and ePix100
/// (shifted ASIC pairs).
@Suite struct GeometryAssemblyPeerTests {
    /// `position_modules`: same shape, same centre, every element equal (NaN where EXtra-geom has NaN).
    @Test(arguments: GeometryPeerCases.ids)
    func assemblyEqualsPositionModules(_ id: String) async throws {
        let peer = try await GeometryPeerCases.load()
        let c = try peer.case(id)
        let geometry = try PanelGeometry.load(crystFEL: peer.path(try need(c["geom"]?.string, "geom")))
        let data = try peer.values(c["data"], as: Float.self)
        let expected = try peer.values(c["assembled"], as: Float.self)
        let centre = try need(c["centre"]?.array?.compactMap(\.int), "centre")
        let assembly = try GeometryAssembly(geometry: geometry)
        let result = try assembly.assemble(try DenseArray(shape: data.shape, values: data.values))
        #expect(result.shape == expected.shape, "\(id): shape \(result.shape), EXtra-geom \(expected.shape)")
        #expect([assembly.centre.row, assembly.centre.column] == centre, "\(id): centre \(assembly.centre), EXtra-geom \(centre)")
        guard result.shape == expected.shape else { return }
        var mismatches = 0
        result.withUnsafeBufferPointer { ours in
            for k in ours.indices {
                let a = ours[k], b = expected.values[k]
                if !(a == b || (a.isNaN && b.isNaN)) { mismatches += 1 }
            }
        }
        #expect(mismatches == 0, "\(id): \(mismatches) of \(result.count) elements differ")
    }

    /// `get_pixel_positions()`: pixel centres from the file, to 1e-15 m (EXtra-geom's own
    /// evaluation order gives the same Doubles; the margin covers an fma).
    @Test(arguments: GeometryPeerCases.ids)
    func pixelCentresEqualExtraGeom(_ id: String) async throws {
        let peer = try await GeometryPeerCases.load()
        let c = try peer.case(id)
        let geometry = try PanelGeometry.load(crystFEL: peer.path(try need(c["geom"]?.string, "geom")))
        let expected = try peer.values(c["positions"], as: Double.self)
        #expect(Array(expected.shape.dropLast()) == geometry.dataShape)
        let ours = geometry.pixelPositions()
        var worst = 0.0
        for (k, p) in ours.enumerated() {
            for a in 0..<3 { worst = max(worst, abs(p[a] - expected.values[3 * k + a])) }
        }
        #expect(worst <= 1e-15, "\(id): positions differ by up to \(worst) m")
    }
}
