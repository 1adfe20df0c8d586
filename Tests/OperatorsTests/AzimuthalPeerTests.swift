import Operators
import Testing
import TestSupport

/// pyFAI `integrate1d` run on this machine (`Tests/Peers/ops_reference.py`): other units,
/// polarization, explicit ranges, dummy values, normalization factor and tilted detectors,
/// with the reference cases' tolerances for the same engines.
@Suite struct AzimuthalPeerTests {
    @Test func everyPeerCaseIsCovered() async throws {
        let peer = try await PeerCases.load()
        #expect(Set(peer.ids(kind: "azimuthal_integration_1d")) == Set(PeerCases.azimuthalIDs))
    }

    @Test(arguments: PeerCases.azimuthalIDs)
    func matchesPyFAI(_ id: String) async throws {
        let peer = try await PeerCases.load()
        let c = try peer.case(id)
        let p = try need(c["params"], "params")
        let g = try need(p["geometry"], "geometry")
        let shape = try need(g["shape"]?.array?.compactMap(\.int), "shape")
        func number(_ v: JSONValue?, _ key: String) throws -> Double { try need(v?[key]?.double, key) }
        let geometry = DetectorGeometry(rows: shape[0], columns: shape[1], pixel1: try number(g, "pixel1"),
                                        pixel2: try number(g, "pixel2"), distance: try number(g, "dist"),
                                        poni1: try number(g, "poni1"), poni2: try number(g, "poni2"),
                                        rot1: try number(g, "rot1"), rot2: try number(g, "rot2"), rot3: try number(g, "rot3"),
                                        wavelength: try number(g, "wavelength"))
        let triple = try need(p["method"]?.array?.compactMap(\.string), "method")
        let method = try AzimuthalReferenceTests.method(triple)
        var mask: PixelMask?
        if let name = c["inputs"]?["mask"]?.string {
            let m = try peer.array(name)
            mask = try PixelMask(shape: m.shape, flags: m.contiguousData.bytes)
        }
        var range: ClosedRange<Double>?
        if let r = p["radial_range"]?.array?.compactMap(\.double), r.count == 2 { range = r[0]...r[1] }
        let config = AzimuthalIntegrator.Configuration(
            bins: try need(p["npt"]?.int, "npt"),
            unit: try need(RadialUnit(rawValue: try need(p["unit"]?.string, "unit")), "unit"),
            method: method, radialRange: range, correctSolidAngle: try need(p["correctSolidAngle"]?.bool, "sa"),
            polarizationFactor: p["polarization_factor"]?.double, mask: mask)
        let integrator = try AzimuthalIntegrator(geometry: geometry, configuration: config)
        let image = try peer.dense(try need(c["inputs"]?["image"]?.string, "image"), as: Float.self)
        let result = try integrator.integrate(image, normalizationFactor: try number(p, "normalization_factor"),
                                              dummy: p["dummy"]?.double, deltaDummy: p["delta_dummy"]?.double)

        let outputs = try need(c["outputs"], "outputs")
        func values(_ role: String) throws -> [Double] {
            let a = try peer.array(try need(outputs[role]?.string, role))
            return try need(a.doubles(), role)
        }
        let tol = ReferenceProfile.tolerances(splitting: triple[0] == "bbox")
        let reference = ReferenceProfile(radial: try values("radial"), intensity: try values("intensity"),
                                         sumSignal: try values("sum_signal"), sumNormalization: try values("sum_normalization"),
                                         count: try values("count"), radialRtol: tol.radial, intensityRtol: tol.intensity,
                                         intensityAtolFrac: tol.atolFrac, countRtol: tol.count)
        print("PEERCASE " + reference.check(result, id))
    }
}
