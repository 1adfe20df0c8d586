import Operators
import Testing
import TestSupport

/// Integration from each pixel's 3-D position against pyFAI `integrate1d` on EXtra-geom's
/// `to_pyfai_detector()` (`Tests/Peers/geom_reference.py`), with the reference cases'
/// tolerances for the same engines: AGIPD-1M with a tilted module (non-flat), LPD-1M, JUNGFRAU ×3
/// and ePix100; masks, polarization, explicit ranges and every method.
@Suite struct GeometryIntegrationPeerTests {
    static let ids = [
        "agipd/nosplit_csr_qnm_mask", "agipd/bbox_csr_2th", "agipd/bbox_histogram_qnm_range",
        "lpd/nosplit_csr_qnm_pol", "lpd/bbox_histogram_2th_mask",
        "jungfrau/nosplit_histogram_rmm", "jungfrau/bbox_csr_qA_mask",
        "epix/nosplit_csr_qnm", "epix/bbox_csr_qnm_mask_pol",
    ]

    static func method(_ triple: [String]) throws -> AzimuthalIntegrator.Method {
        switch triple {
        case ["no", "csr", "cython"]: return .noSplitCSR
        case ["no", "histogram", "cython"]: return .noSplitHistogram
        case ["bbox", "csr", "cython"]: return .boundingBoxCSR
        case ["bbox", "histogram", "cython"]: return .boundingBoxHistogram
        default: throw VectorError("no method for \(triple)")
        }
    }

    @Test func everyPeerCaseIsCovered() async throws {
        let peer = try await GeometryPeerCases.load()
        #expect(Set(peer.manifest["integrations"]?.array?.compactMap { $0["id"]?.string } ?? []) == Set(Self.ids))
    }

    @Test(arguments: ids)
    func matchesPyFAI(_ id: String) async throws {
        let peer = try await GeometryPeerCases.load()
        let c = try need(peer.manifest["integrations"]?.array?.first { $0["id"]?.string == id }, id)
        let g = try peer.case(try need(c["geometry"]?.string, "geometry"))
        let panels = try PanelGeometry.load(crystFEL: peer.path(try need(g["geom"]?.string, "geom")))
        let p = try need(c["params"], "params")
        // distance and wavelength from the file's clen and photon_energy; check they are pyFAI's.
        let placed = try PanelIntegrationGeometry(panels: panels)
        #expect(placed.distance == p["distance"]?.double)
        #expect(abs((placed.wavelength ?? 0) - (p["wavelength"]?.double ?? 1)) <= 1e-25)
        let triple = try need(p["method"]?.array?.compactMap(\.string), "method")
        var mask: PixelMask?
        if c["mask"]?.object != nil {
            let m = try peer.values(c["mask"], as: UInt8.self)
            mask = try PixelMask(shape: m.shape, flags: m.values)
        }
        var range: ClosedRange<Double>?
        if let r = p["radial_range"]?.array?.compactMap(\.double), r.count == 2 { range = r[0]...r[1] }
        let config = AzimuthalIntegrator.Configuration(
            bins: try need(p["npt"]?.int, "npt"),
            unit: try need(RadialUnit(rawValue: try need(p["unit"]?.string, "unit")), "unit"),
            method: try Self.method(triple), radialRange: range,
            correctSolidAngle: try need(p["correctSolidAngle"]?.bool, "sa"),
            polarizationFactor: p["polarization_factor"]?.double, mask: mask)
        let integrator = try AzimuthalIntegrator(panels: placed, configuration: config)
        let data = try peer.values(g["data"], as: Float.self)
        let frame = Array(data.values[0..<panels.pixelCount])
        let result = try integrator.integrate(try DenseArray(shape: panels.dataShape, values: frame))

        func values(_ role: String) throws -> [Double] { try peer.values(c[role], as: Double.self).values }
        let tol = ReferenceProfile.tolerances(splitting: triple[0] == "bbox")
        let reference = ReferenceProfile(radial: try values("radial"), intensity: try values("intensity"),
                                         sumSignal: try values("sum_signal"), sumNormalization: try values("sum_normalization"),
                                         count: try values("count"), radialRtol: tol.radial, intensityRtol: tol.intensity,
                                         intensityAtolFrac: tol.atolFrac, countRtol: tol.count)
        print("GEOMCASE " + reference.check(result, id))
    }
}

/// A `.poni` file written by pyFAI for a flat detector with rot1, rot2 and rot3: read back and
/// integrated, against pyFAI's own integration of the same image.
@Suite struct PoniPeerTests {
    @Test(arguments: ["poni/bbox_csr_qnm", "poni/nosplit_csr_2th"])
    func poniFileMatchesPyFAI(_ id: String) async throws {
        let peer = try await GeometryPeerCases.load()
        let c = try need(peer.manifest["poni"]?.array?.first { $0["id"]?.string == id }, id)
        let geometry = try DetectorGeometry.load(poni: peer.path(try need(c["poni"]?.string, "poni")))
        #expect(geometry.rows == 256 && geometry.columns == 320 && geometry.rot1 == 0.01 && geometry.rot2 == -0.02 && geometry.rot3 == 0.03)
        let p = try need(c["params"], "params")
        let triple = try need(p["method"]?.array?.compactMap(\.string), "method")
        let config = AzimuthalIntegrator.Configuration(
            bins: try need(p["npt"]?.int, "npt"),
            unit: try need(RadialUnit(rawValue: try need(p["unit"]?.string, "unit")), "unit"),
            method: try GeometryIntegrationPeerTests.method(triple))
        let image = try peer.values(c["image"], as: Float.self)
        let result = try AzimuthalIntegrator(geometry: geometry, configuration: config)
            .integrate(try DenseArray(shape: image.shape, values: image.values))
        func values(_ role: String) throws -> [Double] { try peer.values(c[role], as: Double.self).values }
        let tol = ReferenceProfile.tolerances(splitting: triple[0] == "bbox")
        let reference = ReferenceProfile(radial: try values("radial"), intensity: try values("intensity"),
                                         sumSignal: try values("sum_signal"), sumNormalization: try values("sum_normalization"),
                                         count: try values("count"), radialRtol: tol.radial, intensityRtol: tol.intensity,
                                         intensityAtolFrac: tol.atolFrac, countRtol: tol.count)
        print("PONICASE " + reference.check(result, id))
    }

    @Test func malformedPoniNamesTheLine() {
        let e = #expect(throws: GeometryError.self) {
            try DetectorGeometry(poni: "poni_version: 2.1\nDistance: 0.1\nPoni1 0.2\n", file: "x.poni")
        }
        #expect(e?.description == "x.poni:3: expected 'Key: value', got 'Poni1 0.2'")
        let missing = #expect(throws: GeometryError.self) {
            try DetectorGeometry(poni: "Distance: 0.1\nPoni1: 0\nPoni2: 0\nPixelSize1: 1e-4\nPixelSize2: 1e-4\n", file: "y.poni")
        }
        #expect(missing?.message.contains("max_shape") == true)
    }
}
