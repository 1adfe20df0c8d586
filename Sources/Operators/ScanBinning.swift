/// A scalar (e.g. an ROI sum) binned by a scan variable (slow data such as a motor position or
/// a delay), accumulated across trains: count, mean and standard deviation per bin.
///
/// Bins are equal-width over `range` with numpy `histogram` edge rules (see ``Histogram``);
/// pairs outside the range or with a NaN are not binned. Per-bin statistics use Welford's
/// update, so long scans stay accurate.
public struct ScanBinning: Sendable, Equatable {
    /// The bins over the scan variable (its counts are the per-bin counts).
    public private(set) var histogram: Histogram
    private var mean: [Double]
    private var m2: [Double]

    public init(bins: Int, range: ClosedRange<Double>) throws(OperatorError) {
        histogram = try Histogram(bins: bins, range: range)
        mean = [Double](repeating: 0, count: bins)
        m2 = [Double](repeating: 0, count: bins)
    }

    /// Adds one train: the scan variable's value and the scalar. Returns the bin used, if any.
    @discardableResult
    public mutating func add(scan: Double, value: Double) -> Int? {
        guard !value.isNaN else { return nil }
        guard let k = histogram.binIndex(of: scan) else { return nil }
        histogram.add(scan)
        let n = Double(histogram.counts[k])
        let delta = value - mean[k]
        mean[k] += delta / n
        m2[k] += delta * (value - mean[k])
        return k
    }

    /// Bin centres of the scan variable.
    public var centres: [Double] { histogram.centres }
    /// Trains per bin.
    public var counts: [Int] { histogram.counts }
    /// Mean of the scalar per bin (NaN for an empty bin).
    public var means: [Double] { zip(mean, counts).map { $1 == 0 ? .nan : $0 } }
    /// Population standard deviation of the scalar per bin (NaN for an empty bin).
    public var standardDeviations: [Double] {
        zip(m2, counts).map { $1 == 0 ? .nan : ($0 / Double($1)).squareRoot() }
    }

    /// Empties every bin.
    public mutating func reset() {
        histogram.reset()
        for i in mean.indices { mean[i] = 0; m2[i] = 0 }
    }
}
