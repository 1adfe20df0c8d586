/// OM's peakfinder8 (the Cheetah algorithm) on frames tiled by a regular grid of panels
/// (ASICs): radial background statistics from a per-pixel radius map, seeds above the
/// radial threshold, 8-connected growth inside a panel, a local background disc, and the
/// acceptance checks of OM 23.8.3 (`docs/operators.md`, *Reductions*).
///
/// A finder is built once per radius map, mask and parameter set (it precomputes the radial
/// bin of every pixel) and is immutable: ``find(in:)`` may run concurrently.
public struct PeakFinder8: Sendable {
    /// The search parameters, named as OM's.
    public struct Parameters: Sendable, Equatable {
        /// The absolute floor of the detection threshold (ADU).
        public var adcThreshold: Float
        /// The k-sigma factor of the radial threshold and the minimum SNR of a peak.
        public var minimumSNR: Float
        /// Smallest connected region accepted, pixels (inclusive).
        public var minPixelCount: Int
        /// Largest connected region accepted, pixels (inclusive).
        public var maxPixelCount: Int
        /// b: the local background disc has radius 2b.
        public var localBackgroundRadius: Int
        /// Pixels with radius below this are left out (strict), as OM's wrapper does.
        public var minResolution: Float?
        /// Pixels with radius above this are left out (strict).
        public var maxResolution: Float?
        /// At most this many peaks are returned (more are still found and counted).
        public var maxPeaks: Int

        public init(adcThreshold: Float, minimumSNR: Float, minPixelCount: Int = 2, maxPixelCount: Int = 200,
                    localBackgroundRadius: Int = 3, minResolution: Float? = nil, maxResolution: Float? = nil,
                    maxPeaks: Int = 2048) {
            self.adcThreshold = adcThreshold
            self.minimumSNR = minimumSNR
            self.minPixelCount = minPixelCount
            self.maxPixelCount = maxPixelCount
            self.localBackgroundRadius = localBackgroundRadius
            self.minResolution = minResolution
            self.maxResolution = maxResolution
            self.maxPeaks = maxPeaks
        }
    }

    /// The regular panel grid of a frame: `panelRows × panelColumns` panels of
    /// `asicRows × asicColumns` pixels (OM's `asic_ny`, `asic_nx`, `nasics_y`, `nasics_x`).
    public struct Panels: Sendable, Equatable {
        public var asicRows: Int, asicColumns: Int, panelRows: Int, panelColumns: Int

        public init(asicRows: Int, asicColumns: Int, panelRows: Int = 1, panelColumns: Int = 1) {
            self.asicRows = asicRows
            self.asicColumns = asicColumns
            self.panelRows = panelRows
            self.panelColumns = panelColumns
        }

        /// One panel covering the whole frame.
        public static func single(rows: Int, columns: Int) -> Panels { Panels(asicRows: rows, asicColumns: columns) }

        public var rows: Int { asicRows * panelRows }
        public var columns: Int { asicColumns * panelColumns }
    }

    /// The pixels the radial statistics are taken from ("fast mode"): flat pixel indices and
    /// their radius bins, in accumulation order.
    public struct RadialSample: Sendable, Equatable {
        public var pixels: [Int32]
        public var bins: [Int32]

        public init(pixels: [Int32], bins: [Int32]) {
            self.pixels = pixels
            self.bins = bins
        }
    }

    public let parameters: Parameters
    public let panels: Panels
    /// Frame shape `[rows, columns]`.
    public var shape: [Int] { [panels.rows, panels.columns] }
    /// Number of radial bins, K = ceil(max radius) + 1.
    public let binCount: Int
    /// Radius of every pixel (pixels), C order.
    let radius: [Float]
    /// Radial bin of every usable pixel; `binCount` (a bin that never accepts) for left-out pixels.
    let bins: [Int32]
    let sample: RadialSample?

    /// - Parameters:
    ///   - radius: radius from the beam centre of every pixel (pixels, finite, ≥ 0), C order.
    ///   - mask: nonzero = masked (the project's convention); nil = every pixel used.
    ///   - sample: the fast-mode sample; nil = statistics from every pixel.
    /// - Throws: ``OperatorError`` naming the inconsistent parameter.
    public init(radius: [Float], panels: Panels, mask: PixelMask? = nil, parameters: Parameters,
                sample: RadialSample? = nil) throws(OperatorError) {
        try Self.validate(panels: panels, parameters: parameters)
        let count = panels.rows * panels.columns
        guard radius.count == count else {
            throw .shapeMismatch(expected: [panels.rows, panels.columns], actual: [radius.count])
        }
        if let mask, mask.flags.count != count {
            throw .shapeMismatch(expected: [panels.rows, panels.columns], actual: mask.shape)
        }
        var maxRadius: Float = 0
        for r in radius {
            guard r.isFinite, r >= 0 else { throw .invalidParameter(name: "radius", reason: "radii must be finite and ≥ 0 (got \(r))") }
            maxRadius = Swift.max(maxRadius, r)
        }
        guard maxRadius < 1e7 else { throw .invalidParameter(name: "radius", reason: "radius \(maxRadius) pixels is implausible") }
        let k = Int(maxRadius.rounded(.up)) + 1
        let minRes = parameters.minResolution, maxRes = parameters.maxResolution
        var bins = [Int32](repeating: Int32(k), count: count)
        for p in 0..<count {
            let r = radius[p]
            if let m = mask, m.flags[p] != 0 { continue }
            if let minRes, r < minRes { continue }
            if let maxRes, r > maxRes { continue }
            bins[p] = Int32(r.rounded(.toNearestOrEven))
        }
        if let sample {
            guard sample.pixels.count == sample.bins.count else {
                throw .invalidParameter(name: "sample", reason: "\(sample.pixels.count) pixels but \(sample.bins.count) bins")
            }
            for (p, b) in zip(sample.pixels, sample.bins) where p < 0 || Int(p) >= count || b < 0 || Int(b) >= k {
                throw .invalidParameter(name: "sample", reason: "pixel \(p) / bin \(b) outside the frame or the \(k) bins")
            }
        }
        self.parameters = parameters
        self.panels = panels
        self.binCount = k
        self.radius = radius
        self.bins = bins
        self.sample = sample
    }

    static func validate(panels: Panels, parameters p: Parameters) throws(OperatorError) {
        guard panels.asicRows > 0, panels.asicColumns > 0, panels.panelRows > 0, panels.panelColumns > 0 else {
            throw .invalidParameter(name: "panels", reason: "every panel extent must be positive (\(panels))")
        }
        guard panels.rows.multipliedReportingOverflow(by: panels.columns).overflow == false,
              panels.rows * panels.columns <= 1 << 31 - 1 else {
            throw .invalidParameter(name: "panels", reason: "frame too large")
        }
        guard p.minPixelCount >= 1, p.maxPixelCount >= p.minPixelCount else {
            throw .invalidParameter(name: "pixel count", reason: "need 1 ≤ min ≤ max (got \(p.minPixelCount), \(p.maxPixelCount))")
        }
        guard p.localBackgroundRadius >= 1, p.localBackgroundRadius <= 1000 else {
            throw .invalidParameter(name: "local_bg_radius", reason: "must be in 1…1000 (got \(p.localBackgroundRadius))")
        }
        guard p.maxPeaks >= 0 else { throw .invalidParameter(name: "max_num_peaks", reason: "must be ≥ 0 (got \(p.maxPeaks))") }
        guard p.adcThreshold.isFinite, p.minimumSNR.isFinite else {
            throw .invalidParameter(name: "adc_threshold / minimum_snr", reason: "must be finite")
        }
    }
}

/// One peak as peakfinder8 reports it.
public struct Peak8: Sendable, Equatable {
    /// Centre of mass (raw values), fast-scan (column) coordinate, pixels.
    public var fs: Float
    /// Centre of mass, slow-scan (row) coordinate, pixels.
    public var ss: Float
    /// Σ(v − local background) over the peak's pixels, ADU.
    public var intensity: Float
    /// rint(fs) + rint(ss)·columns.
    public var comIndex: Int
    /// Pixels in the connected region.
    public var pixelCount: Int
    /// max(0, max(v − local background)).
    public var maxPixelValue: Float
    /// Standard deviation of the local background.
    public var localSigma: Float
    /// intensity / localSigma (0 when σ ≈ 0).
    public var snr: Float
}

/// The peaks of one frame.
public struct PeakList8: Sendable, Equatable {
    /// The stored peaks (at most `maxPeaks`), in seed scan order.
    public var peaks: [Peak8]
    /// Every accepted peak, stored or not.
    public var foundCount: Int
}

extension PeakFinder8.RadialSample {
    /// OM's fast-mode recipe with a seeded generator: pixels grouped by rint(radius), flat
    /// indices ascending; bins with fewer than `perBin` pixels contribute all of them, the
    /// others a random sample of `perBin` without replacement (partial Fisher–Yates).
    public static func random(radius: [Float], perBin: Int, seed: UInt64) -> PeakFinder8.RadialSample {
        var members: [[Int32]] = []
        for (p, r) in radius.enumerated() {
            let k = Int(r.rounded(.toNearestOrEven))
            if k >= members.count { members += Array(repeating: [], count: k + 1 - members.count) }
            members[k].append(Int32(p))
        }
        var generator = SplitMix64(seed: seed)
        var pixels: [Int32] = [], bins: [Int32] = []
        for (k, var m) in members.enumerated() {
            if m.count >= perBin {
                for i in 0..<perBin { m.swapAt(i, i + Int(generator.next() % UInt64(m.count - i))) }
                m = Array(m.prefix(perBin))
            }
            pixels += m
            bins += Array(repeating: Int32(k), count: m.count)
        }
        return .init(pixels: pixels, bins: bins)
    }
}

/// A small seeded generator (SplitMix64) for reproducible samples.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
