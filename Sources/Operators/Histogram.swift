/// A histogram with equal-width bins and numpy's `histogram` semantics for float64 data (values
/// are binned as Doubles; Float values are promoted exactly): bins are
/// `[e_k, e_{k+1})` except the last, which includes its upper edge; values outside the range
/// are not counted in any bin (they are counted in ``underflow`` / ``overflow``), NaN values
/// in ``nanCount``. Accumulates across trains.
public struct Histogram: Sendable, Equatable {
    /// Bin edges, `bins + 1` values: numpy `linspace(lower, upper, bins + 1)`.
    public let edges: [Double]
    /// Count per bin.
    public private(set) var counts: [Int]
    /// Values below the lower edge.
    public private(set) var underflow = 0
    /// Values above the upper edge.
    public private(set) var overflow = 0
    /// NaN values seen.
    public private(set) var nanCount = 0

    /// - Throws: ``OperatorError/invalidParameter(name:reason:)`` unless bins > 0 and the
    ///   range is finite and non-empty.
    public init(bins: Int, range: ClosedRange<Double>) throws(OperatorError) {
        guard bins > 0 else { throw .invalidParameter(name: "bins", reason: "must be positive (got \(bins))") }
        guard range.lowerBound.isFinite, range.upperBound.isFinite, range.upperBound > range.lowerBound else {
            throw .invalidParameter(name: "range", reason: "\(range) must be finite and non-empty")
        }
        let lo = range.lowerBound, hi = range.upperBound
        let step = (hi - lo) / Double(bins)
        var edges = (0...bins).map { Double($0) * step + lo }
        edges[bins] = hi
        self.edges = edges
        self.counts = [Int](repeating: 0, count: bins)
    }

    /// numpy `histogram(values, bins)` with the automatic range (min, max) of the finite
    /// values (widened by ±0.5 when they are all equal; [0, 1] when there is none).
    @_specialize(where E == Float)
    @_specialize(where E == Double)
    public static func of<E: DenseElement>(_ values: DenseArray<E>, bins: Int, range: ClosedRange<Double>? = nil)
        throws(OperatorError) -> Histogram
    {
        var r = range
        if r == nil {
            var lo = Double.infinity, hi = -Double.infinity
            values.withUnsafeBufferPointer { v in
                for x in v where x.isFinite { lo = Swift.min(lo, x.double); hi = Swift.max(hi, x.double) }
            }
            if !lo.isFinite { lo = 0; hi = 1 }
            if lo == hi { lo -= 0.5; hi += 0.5 }
            r = lo...hi
        }
        var h = try Histogram(bins: bins, range: r!)
        h.add(values)
        return h
    }

    /// Number of bins.
    public var bins: Int { counts.count }
    /// Bin centres.
    public var centres: [Double] { (0..<bins).map { (edges[$0] + edges[$0 + 1]) / 2 } }
    /// Values counted in bins.
    public var total: Int { counts.reduce(0, +) }

    /// The bin `value` falls in (numpy's rule), or `nil` outside the range or for NaN.
    public func binIndex(of value: Double) -> Int? {
        let lo = edges[0], hi = edges[bins]
        guard value >= lo, value <= hi else { return nil }
        // numpy: scaled index, then corrected against the actual edges.
        var k = Int((value - lo) * (Double(bins) / (hi - lo)))
        if k >= bins { k = bins - 1 }
        if value < edges[k] { k -= 1 } else if k != bins - 1 && value >= edges[k + 1] { k += 1 }
        return k
    }

    /// Counts one value.
    public mutating func add(_ value: Double) {
        if let k = binIndex(of: value) {
            counts[k] += 1
        } else if value.isNaN {
            nanCount += 1
        } else if value < edges[0] {
            underflow += 1
        } else {
            overflow += 1
        }
    }

    /// Counts every value of a sequence.
    public mutating func add(_ values: some Sequence<Double>) {
        for v in values { add(v) }
    }

    /// Counts every element of an array.
    @_specialize(where E == Float)
    @_specialize(where E == Double)
    public mutating func add<E: DenseElement>(_ values: DenseArray<E>) {
        values.withUnsafeBufferPointer { v in
            for x in v { add(x.double) }
        }
    }

    /// Empties every bin.
    public mutating func reset() {
        counts = [Int](repeating: 0, count: bins)
        underflow = 0
        overflow = 0
        nanCount = 0
    }
}
