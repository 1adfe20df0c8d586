import Operators
import Testing
import TestSupport

/// Geometry maps against the reference cases' per-pixel debug maps, and the integrator's API.
@Suite struct AzimuthalTests {
    @Test func geometryMapsMatchPyFAIDebugMaps() throws {
        let refs = try ReferenceCases.load()
        let geometry = try AzimuthalReferenceTests.geometry(refs)
        // Pure Double arithmetic: the no-split radial tolerance (1e-12).
        let q = try geometry.radialMap(unit: .qPerNanometre).values
        let qRef = try refs.doubles("ai/debug_q_center_nm")
        let qErr = Tolerance.relativeToMax(q, qRef)
        #expect(qErr <= 1e-12)
        // Half-widths come from corners rounded to Float (emulated): any difference is at most one
        // Float ulp of the largest corner value.
        let delta = try geometry.radialHalfWidthMap(unit: .qPerNanometre).values
        let deltaRef = try refs.doubles("ai/debug_q_delta_nm")
        let ulp = Double(Float(qRef.max()!).ulp)
        let deltaErr = Tolerance.maxAbs(delta, deltaRef)
        #expect(deltaErr <= ulp)
        // Float maps: pyFAI evaluates them from float32 pixel indices; allow 2 Float ulps.
        let sa = try geometry.solidAngleMap().values.doubles
        let saRef = try refs.floats("ai/debug_solid_angle").doubles
        let saErr = Tolerance.excess(sa, saRef, rtol: 2 * Double(Float.ulpOfOne), atol: 0)
        #expect(saErr <= 1)
        let pol = try geometry.polarizationMap(factor: 1).values.doubles
        let polRef = try refs.floats("ai/debug_polarization_f1").doubles
        let polErr = Tolerance.excess(pol, polRef, rtol: 2 * Double(Float.ulpOfOne), atol: 0)
        #expect(polErr <= 1)
        print("REFCASE ai/debug maps: q \(qErr), delta \(deltaErr) (≤ \(ulp)), solid angle \(saErr), polarization \(polErr) of tolerance")
    }

    static let geometry = DetectorGeometry(rows: 40, columns: 50, pixel1: 1e-4, pixel2: 1e-4, distance: 0.05,
                                           poni1: 0.0021, poni2: 0.0019, wavelength: 1e-10)

    @Test func stacksDoublesAndErrors() throws {
        let ai = try AzimuthalIntegrator(geometry: Self.geometry, configuration: .init(bins: 30))
        let frames = try DenseArray<Float>(shape: [3, 40, 50]) { out in
            for i in 0..<out.count { out[i] = Float((i * 7919) % 1000) }
        }
        let profiles = try ai.integrateFrames(frames)
        #expect(profiles.count == 3)
        for f in 0..<3 {
            let single = try ai.integrate(try frames.frame(f))
            #expect(single == profiles[f])
            // The same frame as Double: products in Double instead of Float, so within the intensity tolerance.
            let asDouble = try ai.integrate(try frames.frame(f).converted(to: Double.self))
            let excess = Tolerance.excess(asDouble.intensity.doubles, single.intensity.doubles, rtol: 1e-5, atol: 0)
            #expect(excess <= 1)
        }
        // A constant image integrates to that constant in every bin, whatever the corrections.
        let constant = try DenseArray<Float>(shape: [40, 50], repeating: 3)
        for method in AzimuthalIntegrator.Method.allCases {
            let config = AzimuthalIntegrator.Configuration(bins: 25, unit: .twoThetaDegrees, method: method,
                                                           correctSolidAngle: false)
            let p = try AzimuthalIntegrator(geometry: Self.geometry, configuration: config).integrate(constant)
            #expect(p.intensity.allSatisfy { $0 == 3 }, "\(method)")
            // Every pixel counted once with unit weight: exactly without splitting; with bbox the
            // weights are Float (pyFAI's CSR), within the bbox count tolerance (rtol 1e-4).
            let total = p.count.reduce(0, +)
            if method.pyFAIMethod.0 == "no" { #expect(total == 2000) } else { #expect(abs(total - 2000) <= 1e-4 * 2000) }
        }
        #expect(throws: OperatorError.shapeMismatch(expected: [40, 50], actual: [50, 40])) {
            try ai.integrate(DenseArray<Float>(shape: [50, 40], repeating: 0))
        }
        var bad = Self.geometry
        bad.wavelength = nil
        #expect(throws: OperatorError.self) { try AzimuthalIntegrator(geometry: bad, configuration: .init(bins: 10)) }
        #expect(throws: OperatorError.self) { try AzimuthalIntegrator(geometry: Self.geometry, configuration: .init(bins: 0)) }
        #expect(throws: OperatorError.self) {
            try AzimuthalIntegrator(geometry: Self.geometry, configuration: .init(bins: 10, radialRange: 5...5))
        }
        #expect(throws: OperatorError.self) {
            let all = try PixelMask(shape: [40, 50], flags: [UInt8](repeating: 1, count: 2000))
            return try AzimuthalIntegrator(geometry: Self.geometry, configuration: .init(bins: 10, mask: all))
        }
        #expect(throws: OperatorError.self) { try ai.integrate(constant, normalizationFactor: 0) }
    }
}
