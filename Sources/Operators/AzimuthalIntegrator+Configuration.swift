extension AzimuthalIntegrator {
    /// How pixels are assigned to bins, and how the automatic radial range is found;
    /// each reproduces one pyFAI `integrate1d` method.
    public enum Method: String, Sendable, CaseIterable, Codable {
        /// pyFAI `("no", "csr", "cython")`, EXtra-foam's `nosplit_csr`: a pixel goes whole to
        /// the bin of its centre; automatic range = [max(0, min c), max c·(1+2⁻²³)] over
        /// unmasked pixels.
        case noSplitCSR = "no_csr"
        /// pyFAI `("no", "histogram", "cython")`: as ``noSplitCSR`` but the automatic range
        /// covers **all** pixels, masked ones included.
        case noSplitHistogram = "no_histogram"
        /// pyFAI `("bbox", "csr", "cython")`, pyFAI's default (`"csr"`): a pixel's unit weight
        /// is spread uniformly over its bounding box [c − Δ, c + Δ]; automatic range =
        /// [max(0, min(c − Δ)), max(c + Δ)·(1+2⁻²³)] over unmasked pixels.
        case boundingBoxCSR = "bbox_csr"
        /// pyFAI `("bbox", "histogram", "cython")`, EXtra-foam's default `BBox`: the same
        /// automatic range as ``boundingBoxCSR``, but the histogram engine's pixel rule: a pixel
        /// is dropped only when its box lies wholly outside the range; its first and last bins
        /// are clipped to the range, the edge fractions come from the unclipped box (so edge
        /// bins get more than the overlap fraction), and a box within one bin counts whole.
        case boundingBoxHistogram = "bbox_histogram"

        /// pyFAI's `(splitting, algorithm, implementation)` triple.
        public var pyFAIMethod: (String, String, String) {
            switch self {
            case .noSplitCSR: ("no", "csr", "cython")
            case .noSplitHistogram: ("no", "histogram", "cython")
            case .boundingBoxCSR: ("bbox", "csr", "cython")
            case .boundingBoxHistogram: ("bbox", "histogram", "cython")
            }
        }

        var splitsPixels: Bool { self == .boundingBoxCSR || self == .boundingBoxHistogram }
    }

    /// Everything that fixes the lookup table: change any of it and build a new integrator.
    public struct Configuration: Sendable, Equatable {
        /// Number of radial bins (pyFAI `npt`).
        public var bins: Int
        /// Radial unit of the bins and of ``radialRange``.
        public var unit: RadialUnit
        /// Pixel splitting and range rule.
        public var method: Method
        /// Explicit radial range in ``unit``; `nil` for the automatic range of ``method``.
        /// As pyFAI's cython engines, the upper bound is multiplied by (1 + 2⁻²³).
        public var radialRange: ClosedRange<Double>?
        /// Divide by the relative solid angle (pyFAI `correctSolidAngle`, default on).
        public var correctSolidAngle: Bool
        /// Polarization factor (−1…1); `nil` for no polarization correction.
        public var polarizationFactor: Double?
        /// Angle between the polarization plane and the detector's horizontal axis, radians.
        public var polarizationAxisOffset: Double
        /// Static mask (nonzero = excluded), shape `[rows, columns]`.
        public var mask: PixelMask?

        public init(bins: Int, unit: RadialUnit = .qPerNanometre, method: Method = .boundingBoxCSR,
                    radialRange: ClosedRange<Double>? = nil, correctSolidAngle: Bool = true,
                    polarizationFactor: Double? = nil, polarizationAxisOffset: Double = 0,
                    mask: PixelMask? = nil) {
            self.bins = bins
            self.unit = unit
            self.method = method
            self.radialRange = radialRange
            self.correctSolidAngle = correctSolidAngle
            self.polarizationFactor = polarizationFactor
            self.polarizationAxisOffset = polarizationAxisOffset
            self.mask = mask
        }
    }

    /// The bin edges in the unit's internal quantity (q in nm⁻¹, 2θ in rad, r in m).
    public struct BinEdges: Sendable, Equatable {
        /// Lower edge of bin 0.
        public let lower: Double
        /// Upper edge of the last bin (already multiplied by 1 + 2⁻²³).
        public let upper: Double
        /// Bin width, `(upper − lower) / bins`.
        public let width: Double
        /// The upper edge before the (1 + 2⁻²³) factor (pyFAI's `pos0_maxin`).
        public let upperBeforeFactor: Double
    }
}
