/// Gaussian smoothing with the semantics of `scipy.ndimage.gaussian_filter(image, sigma,
/// mode="reflect", truncate=truncate)` on the image axes (the last two).
///
/// * Kernel radius `int(truncate·σ + 0.5)`, weights `exp(−k²/(2σ²))` normalised to sum 1 in
///   Double (numpy's pairwise sum), exactly as scipy builds them.
/// * Separable: a 1-D correlation along the rows axis, then along the columns axis, each in
///   Double, summed in scipy's order (centre first, then symmetric pairs from the outermost);
///   for Float images the intermediate result is rounded to Float between the passes, as scipy
///   stores it in the output array. Results are therefore bit-identical to scipy.
/// * `reflect` boundary (half-sample symmetric, the edge pixel repeated: `d c b a | a b c d`),
///   periodic with period 2n when the kernel is longer than the axis.
/// * Stacks `[…, rows, columns]` are smoothed frame by frame (scipy with σ = 0 on the leading
///   axes).
/// * ``Accumulation-swift.enum/single`` (the default for Float images) computes both passes in
///   Float instead: about twice as fast, and within the reference tolerance of scipy (a few
///   Float ulps of the largest values). Double images always accumulate in Double.
public struct GaussianFilter: Sendable, Equatable {
    /// The arithmetic of the two passes for Float images.
    public enum Accumulation: String, Sendable, Codable, CaseIterable {
        /// Double sums, Float between the passes: bit-identical to scipy.
        case double
        /// Float sums (SIMD with twice the lanes): faster, within a few Float ulps of scipy.
        case single
    }

    /// Standard deviation in pixels.
    public let sigma: Double
    /// Kernel half-width in units of σ.
    public let truncate: Double
    /// Kernel half-width in pixels: `int(truncate·σ + 0.5)`.
    public let radius: Int
    /// Normalised weights for offsets 0…radius (the kernel is symmetric).
    public let weights: [Double]
    /// Arithmetic for Float images.
    public let accumulation: Accumulation

    /// - Throws: ``OperatorError/invalidParameter(name:reason:)`` unless σ > 0, truncate > 0
    ///   and the radius stays below 10⁶ pixels.
    public init(sigma: Double, truncate: Double = 4.0, accumulation: Accumulation = .single) throws(OperatorError) {
        guard sigma > 0, sigma.isFinite else { throw .invalidParameter(name: "sigma", reason: "must be positive (got \(sigma))") }
        guard truncate > 0, truncate.isFinite else {
            throw .invalidParameter(name: "truncate", reason: "must be positive (got \(truncate))")
        }
        let r = truncate * sigma + 0.5
        guard r < 1e6 else { throw .invalidParameter(name: "sigma", reason: "kernel radius \(r) is too large") }
        self.sigma = sigma
        self.truncate = truncate
        self.radius = Int(r)
        self.weights = Self.kernel(sigma: sigma, radius: Int(r))
        self.accumulation = accumulation
    }

    /// scipy's `_gaussian_kernel1d(sigma, 0, radius)`, returned for offsets 0…radius.
    static func kernel(sigma: Double, radius: Int) -> [Double] {
        let factor = -0.5 / (sigma * sigma)
        let full = (-radius...radius).map { k in LibM.exp(factor * Double(k * k)) }
        let total = pairwiseSum(full[...])
        return (0...radius).map { full[radius + $0] / total }
    }

    /// numpy's pairwise summation of float64 (`pairwise_sum` with an 8-way unrolled block of 128).
    static func pairwiseSum(_ a: ArraySlice<Double>) -> Double {
        let n = a.count, s = a.startIndex
        if n < 8 {
            var res = 0.0
            for x in a { res += x }
            return res
        }
        if n <= 128 {
            var r = (0..<8).map { a[s + $0] }
            var i = 8
            while i < n - n % 8 {
                for j in 0..<8 { r[j] += a[s + i + j] }
                i += 8
            }
            var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
            while i < n { res += a[s + i]; i += 1 }
            return res
        }
        var n2 = n / 2
        n2 -= n2 % 8
        return pairwiseSum(a[s..<(s + n2)]) + pairwiseSum(a[(s + n2)...])
    }

    /// scipy's `reflect` index for position `i` on an axis of length `n` (period 2n).
    @inline(__always)
    static func reflect(_ i: Int, _ n: Int) -> Int {
        let period = 2 * n
        var m = i % period
        if m < 0 { m += period }
        return m < n ? m : period - 1 - m
    }
}
