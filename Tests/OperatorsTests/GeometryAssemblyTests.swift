import Foundation
import Operators
import TestSupport
import Testing

/// Snapped assembly on small hand-written geometries where every output element is known.
@Suite struct GeometryAssemblyTests {
    /// Two 2×3 panels stacked along ss (no module axis); `a` has fs → +x, ss → +y at (0, 0),
    /// `b` is turned: fs → −y, ss → +x, with its first corner at (5, 3) pixels.
    static let text = """
    res = 1000
    a/min_fs = 0
    a/max_fs = 2
    a/min_ss = 0
    a/max_ss = 1
    a/fs = +1x
    a/ss = +1y
    a/corner_x = 0
    a/corner_y = 0
    b/min_fs = 0
    b/max_fs = 2
    b/min_ss = 2
    b/max_ss = 3
    b/fs = -1y
    b/ss = +1x
    b/corner_x = 5
    b/corner_y = 3
    """

    @Test func placesEveryPixel() throws {
        let g = try PanelGeometry(crystFEL: Self.text)
        let asm = try GeometryAssembly(geometry: g)
        #expect(asm.pixelSize == SIMD2(0.001, 0.001))
        // a covers rows 0–1, cols 0–2; b covers rows 0–2 (y 0…3), cols 5–6.
        #expect(asm.rows == 3 && asm.columns == 7 && asm.centre.row == 0 && asm.centre.column == 0)
        let data = (0..<12).map(Float.init)
        let out = try asm.assemble(try DenseArray(shape: [4, 3], values: data))
        let v = out.withUnsafeBufferPointer { Array($0) }
        func at(_ r: Int, _ c: Int) -> Float { v[r * 7 + c] }
        #expect(at(0, 0) == 0 && at(0, 2) == 2 && at(1, 0) == 3 && at(1, 2) == 5)
        // b: data (ss 2+i, fs j) at row 2 − j, column 5 + i.
        #expect(at(2, 5) == 6 && at(1, 5) == 7 && at(0, 5) == 8 && at(2, 6) == 9 && at(0, 6) == 11)
        #expect(at(2, 0).isNaN && at(0, 3).isNaN && at(0, 4).isNaN)
        #expect(asm.xAxis.first == 0.0005 && abs((asm.yAxis.last ?? 0) - 0.0025) < 1e-18)
        // The same memory as (frames, panels-as-modules, ss, fs) and with leading frame axes.
        let stacked = try asm.assemble(try DenseArray(shape: [2, 1, 2, 2, 3], values: data + data))
        #expect(stacked.shape == [2, 1, 3, 7])
        #expect(throws: OperatorError.self) { try asm.assemble(try DenseArray(shape: [3, 4], values: data)) }
    }

    @Test func offGridRotationIsRefusedAtThePanel() throws {
        let rotated = Self.text.replacingOccurrences(of: "b/fs = -1y", with: "b/fs = +0.7071x -0.7071y")
            .replacingOccurrences(of: "b/ss = +1x", with: "b/ss = +0.7071x +0.7071y")
        let g = try PanelGeometry(crystFEL: rotated, file: "r.geom")
        let e = #expect(throws: GeometryError.self) { try GeometryAssembly(geometry: g) }
        #expect(e?.line == 10 && e?.message.contains("not aligned with the pixel grid") == true)
    }
}

/// `views/agipd-simulator.geom` describes the simulator's AGIPD layout: assembling with it gives
/// the same image as ``SimulatorAssembly``, and the beam where docs/simulator.md puts it.
@Suite struct SimulatorGeometryFileTests {
    @Test func shippedFileReproducesTheSimulatorLayout() throws {
        let path = TestEnvironment.packageRoot.appendingPathComponent("views/agipd-simulator.geom").path
        let g = try PanelGeometry.load(crystFEL: path, dataShape: [16, 512, 128])
        #expect(g.clen == 2.0 && g.photonEnergy == 9300)
        let asm = try GeometryAssembly(geometry: g)
        #expect(asm.rows == 1052 && asm.columns == 1028 && asm.centre.row == 526 && asm.centre.column == 514)
        let values = (0..<(16 * 512 * 128)).map { Float($0 % 9973) }
        let stack = try DenseArray(shape: [16, 512, 128], values: values)
        let ours = try asm.assemble(stack).withUnsafeBufferPointer { Array($0) }
        let simulator = try SimulatorAssembly.assemble(stack, detector: .agipd).withUnsafeBufferPointer { Array($0) }
        #expect(ours.count == simulator.count)
        #expect(zip(ours, simulator).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
    }
}
