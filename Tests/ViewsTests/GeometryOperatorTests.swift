import Foundation
import KaraboBridge
import Operators
import Testing
import TestSupport
import Views

/// `assemble`, `azimuthal_integration` and `pixel_map` with `geometry: FILE`: load-time errors
/// naming the file and line, per-train shape errors, and the same results as the operators.
@Suite struct GeometryOperatorTests {
    /// Two modules of 4 × 6 pixels of 1 mm, module 1 above module 0.
    static let geometryText = """
    dim0 = %
    res = 1000
    clen = 0.1
    photon_energy = 9300
    m0/dim1 = 0
    m0/dim2 = ss
    m0/dim3 = fs
    m0/min_fs = 0
    m0/max_fs = 5
    m0/min_ss = 0
    m0/max_ss = 3
    m0/fs = +1x
    m0/ss = +1y
    m0/corner_x = -3
    m0/corner_y = -5
    m1/dim1 = 1
    m1/dim2 = ss
    m1/dim3 = fs
    m1/min_fs = 0
    m1/max_fs = 5
    m1/min_ss = 0
    m1/max_ss = 3
    m1/fs = +1x
    m1/ss = +1y
    m1/corner_x = -3
    m1/corner_y = 1
    """

    static func file(_ text: String, _ name: String = "g.geom") throws -> String {
        let url = try TestEnvironment.temporaryDirectory("geom-views").appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static func train(_ data: [Float], shape: [Int], mask: [Float]? = nil) -> Train {
        var d = SourceData(name: "D", metadata: Metadata(source: "D", trainID: 1, timestamp: nil))
        d.data["a"] = .array(.float32(data, shape: shape))
        if let mask { d.data["mask"] = .array(.float32(mask, shape: [2, 4, 6])) }
        return Train(sources: [d])
    }

    @Test func assembleWithGeometryFile() throws {
        let path = try Self.file(Self.geometryText)
        let g = ActiveGraph(try ViewGraph(try ViewsFile.parse(OperatorWrapperTests.one("assemble", "{geometry: \"\(path)\"}")),
                                          library: OperatorLibrary.builtIn))
        let data = (0..<48).map(Float.init)
        let r = g.process(Self.train(data, shape: [2, 4, 6]))
        guard case let .image(image, x, y)? = r.value("v") else { Issue.record("an image: \(String(describing: r["v"]?.outcome))"); return }
        // Rows y −5…−1 (module 0), a 2-row gap (NaN), rows 1…4 (module 1): 10 rows, 6 columns.
        #expect(image.shape == [10, 6])
        let v = try #require(image.doubles())
        #expect(v[0] == 0 && v[5] == 5 && v[3 * 6] == 18 && v[6 * 6] == 24 && v[9 * 6 + 5] == 47)
        #expect(v[4 * 6].isNaN && v[5 * 6 + 3].isNaN)
        #expect(x.unit == "m" && abs((x.values?.first ?? 0) + 0.0025) < 1e-15 && abs((y.values?.first ?? 0) + 0.0045) < 1e-15)
        // A frame that does not fit the geometry fails this train only.
        let bad = g.process(Self.train(data, shape: [4, 2, 6]))
        guard case let .failed(message)? = bad["v"]?.outcome else { Issue.record("a per-train error"); return }
        #expect(message.contains("[2, 4, 6]"))
    }

    @Test func badGeometryFilesFailAtLoadWithTheLine() throws {
        let path = try Self.file(Self.geometryText.replacingOccurrences(of: "m1/max_ss = 3", with: "m1/max_sss = 3"), "bad.geom")
        for op in ["assemble", "azimuthal_integration", "pixel_map"] {
            let params = op == "pixel_map" ? "{geometry: \"\(path)\", map: q}" : "{geometry: \"\(path)\"}"
            let p = OperatorWrapperTests.problems(OperatorWrapperTests.one(op, params))
            #expect(p.first?.description.contains("bad.geom:22: unknown key 'max_sss' for panel m1") == true, "\(op): \(p)")
        }
    }

    @Test func integrationFromGeometryWithAMaskInput() throws {
        let path = try Self.file(Self.geometryText)
        let yaml = """
        views:
          ai:
            operator: azimuthal_integration
            inputs: {image: "D[a]", mask: "D[mask]"}
            params: {geometry: "\(path)", bins: 8, method: no_csr, unit: r_mm}
          q:
            operator: pixel_map
            input: D[a]
            params: {geometry: "\(path)", map: q}
        """
        let g = ActiveGraph(try ViewGraph(try ViewsFile.parse(yaml), library: OperatorLibrary.builtIn))
        let data = (0..<48).map { Float($0 % 7) }
        var mask = [Float](repeating: 0, count: 48)
        for corner in [0, 5, 42, 47] { mask[corner] = 1 }  // the four pixels farthest from the beam
        let r = g.process(Self.train(data, shape: [2, 4, 6], mask: mask))

        let panels = try PanelGeometry.load(crystFEL: path)
        let placed = try PanelIntegrationGeometry(panels: panels)
        let expected = try AzimuthalIntegrator(
            panels: placed, configuration: .init(bins: 8, unit: .radiusMillimetres, method: .noSplitCSR,
                                                 mask: try PixelMask(shape: [2, 4, 6], flags: mask.map { $0 == 0 ? 0 : 1 })))
            .integrate(try DenseArray(shape: [2, 4, 6], values: data))
        guard case let .vector(profile, x, _)? = r.value("ai") else { Issue.record("a vector: \(String(describing: r["ai"]?.outcome))"); return }
        #expect(profile.doubles() == expected.intensity.map(Double.init))
        #expect(x.values == expected.radial)
        // Without the four masked corner pixels the automatic range is narrower than unmasked.
        let unmasked = try AzimuthalIntegrator(panels: placed, configuration: .init(bins: 8, unit: .radiusMillimetres, method: .noSplitCSR))
        #expect((x.values?.last ?? 0) < (unmasked.radial.last ?? 0))

        let q = try #require(r.value("q")?.ndarray?.doubles())
        let reference = try placed.radialMap(unit: .qPerNanometre)
        let ref = reference.withUnsafeBufferPointer { Array($0) }
        #expect(q.count == 48 && zip(q, ref).allSatisfy { abs($0 - $1) <= 1e-6 * $1 })
    }
}
