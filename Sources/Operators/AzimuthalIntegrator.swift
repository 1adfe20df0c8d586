/// 1-D azimuthal integration with the semantics of pyFAI's `AzimuthalIntegrator.integrate1d`.
///
/// The initialiser does all per-geometry work once: pixel positions, the bin range, solid
/// angle and polarization, the mask, and a sparse (CSR) table from pixels to bins. Each frame
/// is then a single pass over the table's entries. The integrator is immutable and `Sendable`:
/// share one between threads and integrate different frames concurrently.
///
/// Per bin, over valid pixels (not NaN, not masked, not the dummy value, norm ≠ 0), with
/// weights c (1 without splitting, the bounding-box fraction with):
/// `intensity = Σ c·signal / Σ c·norm`, a ratio of sums, rounded to Float; empty bins give 0.
/// NaN pixels are skipped but, unlike masked pixels, never change the bin range.
public final class AzimuthalIntegrator: Sendable {
    /// The flat detector geometry (nil for a multi-panel detector).
    public let geometry: DetectorGeometry?
    /// The multi-panel detector geometry (nil for a flat detector).
    public let panelGeometry: PanelIntegrationGeometry?
    /// The shape of one frame: `[rows, columns]` for a flat detector, ``PanelGeometry/dataShape``
    /// (e.g. `[16, 512, 128]`) for panels.
    public let frameShape: [Int]
    /// The binning, corrections and mask the table was built for.
    public let configuration: Configuration
    /// Bin edges in the unit's internal quantity.
    public let edges: BinEdges
    /// Bin centres in the configured unit (numpy `linspace(lower + w/2, upper − w/2, bins)` × scale).
    public let radial: [Double]
    /// The pixels → bins table.
    let table: SparseTable

    /// Builds the lookup table. Costs a few hundred nanoseconds per pixel; do it once per
    /// geometry and configuration.
    ///
    /// - Throws: ``OperatorError/invalidParameter(name:reason:)`` for a bad geometry, bin count
    ///   or range, or a unit that needs the missing wavelength;
    ///   ``OperatorError/shapeMismatch(expected:actual:)`` when the mask does not fit.
    public convenience init(geometry: DetectorGeometry, configuration: Configuration) throws(OperatorError) {
        try geometry.validate()
        try self.init(pixels: geometry, flat: geometry, panels: nil, configuration: configuration)
    }

    /// Builds the lookup table for a multi-panel detector: frames are module data of shape
    /// ``PanelGeometry/dataShape``, integrated from each pixel's 3-D position (no assembly).
    /// The mask, if any, has the same shape.
    public convenience init(panels: PanelIntegrationGeometry, configuration: Configuration) throws(OperatorError) {
        try self.init(pixels: panels, flat: nil, panels: panels, configuration: configuration)
    }

    private init(pixels: any IntegrationPixels, flat: DetectorGeometry?, panels: PanelIntegrationGeometry?,
                 configuration: Configuration) throws(OperatorError) {
        if configuration.unit.needsWavelength && pixels.wavelength == nil {
            throw .invalidParameter(name: "geometry.wavelength", reason: "\(configuration.unit.rawValue) needs the wavelength")
        }
        guard configuration.bins > 0 else {
            throw .invalidParameter(name: "bins", reason: "must be positive (got \(configuration.bins))")
        }
        if let mask = configuration.mask, mask.shape != pixels.frameShape {
            throw .shapeMismatch(expected: pixels.frameShape, actual: mask.shape)
        }
        if let factor = configuration.polarizationFactor, !(factor >= -1 && factor <= 1) {
            throw .invalidParameter(name: "polarizationFactor", reason: "must lie in −1…1 (got \(factor))")
        }
        let built = try TableBuilder(pixels: pixels, configuration: configuration).build()
        self.geometry = flat
        self.panelGeometry = panels
        self.frameShape = pixels.frameShape
        self.configuration = configuration
        self.edges = built.edges
        self.table = built.table
        self.radial = Self.centres(edges: built.edges, bins: configuration.bins, scale: configuration.unit.scale)
    }

    /// Pixels per frame.
    public var pixelCount: Int { frameShape.reduce(1, *) }

    /// Number of radial bins.
    public var bins: Int { configuration.bins }

    /// Number of (pixel, bin) entries in the lookup table; the per-frame work is proportional to it.
    public var tableEntries: Int { table.entries }

    /// numpy's `linspace(lower + w/2, upper − w/2, bins)` times `scale`.
    static func centres(edges: BinEdges, bins: Int, scale: Double) -> [Double] {
        let start = edges.lower + 0.5 * edges.width, stop = edges.upper - 0.5 * edges.width
        guard bins > 1 else { return [start * scale] }
        let step = (stop - start) / Double(bins - 1)
        var out = (0..<bins).map { Double($0) * step + start }
        out[bins - 1] = stop
        return scale == 1 ? out : out.map { $0 * scale }
    }
}
