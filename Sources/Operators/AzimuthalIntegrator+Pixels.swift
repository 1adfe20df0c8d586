/// The per-pixel quantities an ``AzimuthalIntegrator`` builds its table from: a flat
/// ``DetectorGeometry`` or a multi-panel ``PanelIntegrationGeometry``.
protocol IntegrationPixels: Sendable {
    /// The shape of one frame (`[rows, columns]`, or `[modules, ss, fs]`).
    var frameShape: [Int] { get }
    /// The X-ray wavelength, metres.
    var wavelength: Double? { get }
    /// Radial position of every pixel centre (internal unit), C order; NaN for pixels that
    /// belong to no panel.
    func radialCentres(_ space: RadialUnit.Space) -> [Double]
    /// Bounding-box half-width of every pixel (internal unit).
    func radialHalfWidths(_ space: RadialUnit.Space, centres: [Double]) -> [Double]
    /// Relative solid angle of every pixel, Float as pyFAI.
    func solidAngles() -> [Float]
    /// Polarization correction of every pixel, Float as pyFAI.
    func polarization(factor: Double, axisOffset: Double) -> [Float]
}

extension DetectorGeometry: IntegrationPixels {
    var frameShape: [Int] { shape }
}
