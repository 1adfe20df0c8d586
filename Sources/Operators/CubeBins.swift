/// The bins of one cube axis: explicit edges, or one bin per scan step found in the data.
///
/// Edge bins are half-open `[e_k, e_{k+1})` except the last, which is closed (numpy `histogram`,
/// `scipy.stats.binned_statistic`); values outside the edges or NaN are not binned. Step bins
/// (`step_from: x`) grow as new scan values appear: a value within `tolerance` of a known step
/// joins it; steps are kept sorted.
public struct CubeBins: Sendable, Equatable {
    /// Fixed edges (nil for step bins).
    public private(set) var edges: [Double]?
    /// The scan values of step bins, ascending.
    public private(set) var steps: [Double] = []
    /// How close a value must be to a step to join it.
    public let tolerance: Double

    /// Bins between `edges` (at least two, strictly increasing).
    public init(edges: [Double]) throws(OperatorError) {
        guard edges.count >= 2, zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }), edges.allSatisfy(\.isFinite) else {
            throw .invalidParameter(name: "bins", reason: "edges must be at least two finite, strictly increasing numbers")
        }
        self.edges = edges
        tolerance = 0
    }

    /// `count` equal bins over `range` (numpy `linspace` edges).
    public init(count: Int, range: ClosedRange<Double>) throws(OperatorError) {
        guard count >= 1 else { throw .invalidParameter(name: "count", reason: "must be at least 1") }
        guard range.lowerBound < range.upperBound, range.lowerBound.isFinite, range.upperBound.isFinite else {
            throw .invalidParameter(name: "range", reason: "must be [low, high] with low < high")
        }
        let step = (range.upperBound - range.lowerBound) / Double(count)
        var e = (0...count).map { range.lowerBound + Double($0) * step }
        e[count] = range.upperBound
        try self.init(edges: e)
    }

    /// One bin per distinct scan value.
    public init(stepsWithTolerance tolerance: Double) {
        edges = nil
        self.tolerance = max(0, tolerance)
    }

    /// The number of bins now.
    public var count: Int { edges.map { $0.count - 1 } ?? steps.count }

    /// Bin centres (edge midpoints), or the step values.
    public var centres: [Double] {
        guard let e = edges else { return steps }
        return zip(e, e.dropFirst()).map { ($0 + $1) / 2 }
    }

    /// Edges: the fixed ones, or for steps the midpoints between neighbours, padded by half the
    /// nearest spacing at both ends (±0.5 for a single step).
    public var binEdges: [Double] {
        if let e = edges { return e }
        guard let first = steps.first, let last = steps.last else { return [] }
        guard steps.count > 1 else { return [first - 0.5, first + 0.5] }
        let mids = zip(steps, steps.dropFirst()).map { ($0 + $1) / 2 }
        return [first - (steps[1] - first) / 2] + mids + [last + (last - steps[steps.count - 2]) / 2]
    }

    /// The bin of an edge-binned value, or nil when outside or NaN.
    public func index(of v: Double) -> Int? {
        guard let e = edges else { return stepIndex(of: v) }
        guard v >= e[0], v <= e[e.count - 1] else { return nil }
        // The last k with e[k] <= v (searchsorted right − 1), the top edge closing the last bin.
        var lo = 0, hi = e.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if e[mid] <= v { lo = mid } else { hi = mid }
        }
        return lo
    }

    func stepIndex(of v: Double) -> Int? {
        guard v.isFinite else { return nil }
        var lo = 0, hi = steps.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if steps[mid] < v { lo = mid + 1 } else { hi = mid }
        }
        for k in [lo - 1, lo] where k >= 0 && k < steps.count && abs(steps[k] - v) <= tolerance { return k }
        return nil
    }

    /// The bin of `v`, adding a step bin for a new scan value. Returns the bin and whether it is new (inserted at that index).
    public mutating func bin(_ v: Double) -> (index: Int, inserted: Bool)? {
        if let k = index(of: v) { return (k, false) }
        guard edges == nil, v.isFinite else { return nil }
        var lo = 0
        while lo < steps.count, steps[lo] < v { lo += 1 }
        steps.insert(v, at: lo)
        return (lo, true)
    }
}
