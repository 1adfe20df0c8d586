/// A multi-panel detector placed for azimuthal integration: every pixel's 3-D position from a
/// ``PanelGeometry``, the sample–detector distance and the wavelength.
///
/// It reproduces pyFAI on EXtra-geom's `to_pyfai_detector()` with
/// `AzimuthalIntegrator(detector=det, dist=distance, poni1=0, poni2=0, wavelength=λ)`:
/// pixel corners are stored as Float (z, y, x), a pixel centre is the Float mean of its four
/// corners, 2θ = atan2(√(x² + y²), distance + z) and χ = atan2(y, x), in Double.
public struct PanelIntegrationGeometry: Sendable, Hashable {
    /// The panels.
    public let panels: PanelGeometry
    /// Sample to beam-axis origin of the detector frame (z = 0), metres.
    public let distance: Double
    /// X-ray wavelength, metres; needed for q units.
    public let wavelength: Double?

    /// - Parameters:
    ///   - distance: metres; defaults to the file's `clen`.
    ///   - wavelength: metres; defaults to the file's `photon_energy`.
    /// - Throws: ``OperatorError/invalidParameter(name:reason:)`` when no positive distance is
    ///   known, or a wavelength is not positive.
    public init(panels: PanelGeometry, distance: Double? = nil, wavelength: Double? = nil) throws(OperatorError) {
        guard let d = distance ?? panels.clen else {
            throw .invalidParameter(name: "distance", reason: "\(panels.file) gives no clen; give the distance in m")
        }
        guard d > 0, d.isFinite else { throw .invalidParameter(name: "distance", reason: "must be positive (got \(d))") }
        let w = wavelength ?? panels.wavelength
        if let w, !(w > 0 && w.isFinite) { throw .invalidParameter(name: "wavelength", reason: "must be positive (got \(w))") }
        self.panels = panels
        self.distance = d
        self.wavelength = w
    }

    /// The Float (z, y, x) corners of every pixel, 4 per pixel in pyFAI's order
    /// (ss, fs offsets (0,0), (1,0), (1,1), (0,1)); NaN for pixels of no panel.
    public func corners() -> [SIMD3<Float>] {
        var out = [SIMD3<Float>](repeating: SIMD3(repeating: .nan), count: 4 * panels.pixelCount)
        panels.forEachPanelRow { panel, start, i in
            for j in 0..<panel.width {
                let k = 4 * (start + j)
                let c = panel.position(ss: Double(i), fs: Double(j))
                for (n, p) in [c, c + panel.ss, (c + panel.ss) + panel.fs, c + panel.fs].enumerated() {
                    out[k + n] = SIMD3(Float(p.z), Float(p.y), Float(p.x))
                }
            }
        }
        return out
    }

    /// pyFAI's pixel centres: the Float mean of the four Float corners, (z, y, x).
    public func centres(corners: [SIMD3<Float>]) -> [SIMD3<Float>] {
        (0..<panels.pixelCount).map { p in
            let a = SIMD3<Double>(corners[4 * p]), b = SIMD3<Double>(corners[4 * p + 1])
            let c = SIMD3<Double>(corners[4 * p + 2]), d = SIMD3<Double>(corners[4 * p + 3])
            return SIMD3<Float>((((a + b) + c) + d) / 4)
        }
    }

    /// Whether every corner has z = 0 (pyFAI's `IS_FLAT`).
    public func isFlat(corners: [SIMD3<Float>]) -> Bool { corners.allSatisfy { $0.x == 0 || $0.x.isNaN } }
}
