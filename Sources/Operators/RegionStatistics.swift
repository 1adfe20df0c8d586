/// NaN-ignoring statistics of the pixels of a region (numpy's nansum, nanmean, nanstd, …),
/// accumulated in Double.
public struct RegionStatistics: Sendable, Equatable {
    /// Number of non-NaN pixels.
    public let validCount: Int
    /// Sum of the non-NaN pixels (0 when there is none, as `nansum`).
    public let sum: Double
    /// Mean of the non-NaN pixels (NaN when there is none).
    public let mean: Double
    /// Population variance (ddof 0) of the non-NaN pixels, two-pass (NaN when there is none).
    public let variance: Double
    /// Smallest non-NaN pixel (NaN when there is none).
    public let minimum: Double
    /// Largest non-NaN pixel (NaN when there is none).
    public let maximum: Double

    /// Population standard deviation (`nanstd`, ddof 0).
    public var standardDeviation: Double { variance.squareRoot() }
}

extension DenseArray {
    /// Statistics of the pixels of a 2-D image inside `roi` (the whole image when `nil`),
    /// NaN pixels ignored. `nil` when the clipped ROI is empty.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public func statistics(in roi: RegionOfInterest? = nil) throws(OperatorError) -> RegionStatistics? {
        var n = 0, sum = 0.0, lo = Double.infinity, hi = -Double.infinity
        let clipped = try forEachROIRow(roi) { row in
            var s0 = 0.0, s1 = 0.0
            var j = 0
            while j + 2 <= row.count {
                let a = row[j].double, b = row[j + 1].double
                if !a.isNaN { s0 += a; n += 1; lo = Swift.min(lo, a); hi = Swift.max(hi, a) }
                if !b.isNaN { s1 += b; n += 1; lo = Swift.min(lo, b); hi = Swift.max(hi, b) }
                j += 2
            }
            if j < row.count, !row[j].isNaN {
                let a = row[j].double
                s0 += a; n += 1; lo = Swift.min(lo, a); hi = Swift.max(hi, a)
            }
            sum += s0 + s1
        }
        guard clipped != nil else { return nil }
        guard n > 0 else {
            return RegionStatistics(validCount: 0, sum: 0, mean: .nan, variance: .nan, minimum: .nan, maximum: .nan)
        }
        let mean = sum / Double(n)
        var squares = 0.0
        _ = try forEachROIRow(roi) { row in
            for v in row where !v.isNaN {
                let d = v.double - mean
                squares += d * d
            }
        }
        return RegionStatistics(validCount: n, sum: sum, mean: mean, variance: squares / Double(n),
                                minimum: lo, maximum: hi)
    }

    /// The median of the non-NaN pixels of a 2-D image inside `roi` (numpy `nanmedian`: the
    /// mean of the two middle values for an even count). `nil` when the clipped ROI is
    /// empty; NaN when every pixel in it is NaN. Linear time (quickselect on a copy).
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public func median(in roi: RegionOfInterest? = nil) throws(OperatorError) -> Double? {
        var values: [Element] = []
        let clipped = try forEachROIRow(roi) { row in
            for v in row where !v.isNaN { values.append(v) }
        }
        guard clipped != nil else { return nil }
        guard !values.isEmpty else { return .nan }
        let n = values.count
        return values.withUnsafeMutableBufferPointer { v in
            let upper = Selection.select(v, n / 2).double
            if n % 2 == 1 { return upper }
            // After selecting n/2, the lower middle is the largest element of v[0 ..< n/2].
            var lower = v[0]
            for i in 1..<(n / 2) where v[i] > lower { lower = v[i] }
            return (lower.double + upper) / 2
        }
    }
}
