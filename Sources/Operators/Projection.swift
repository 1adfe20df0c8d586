/// Which profile a projection gives.
public enum ProjectionAxis: String, Sendable, Codable, CaseIterable {
    /// A function of x (one value per column), reducing over rows (axis −2).
    case x
    /// A function of y (one value per row), reducing over columns (axis −1).
    case y
}

/// How a projection reduces the pixels of a column or row.
public enum ProjectionReduction: String, Sendable, Codable, CaseIterable {
    /// `nansum`: 0 when every pixel is NaN.
    case sum
    /// `nanmean`: NaN when every pixel is NaN.
    case mean
}

extension DenseArray {
    /// The projection of the pixels of a 2-D image inside `roi` (whole image when `nil`) onto
    /// `axis`, NaN pixels ignored, accumulated in Double. Length w' for `.x`, h' for `.y`;
    /// `nil` when the clipped ROI is empty.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public func projection(_ axis: ProjectionAxis, _ reduction: ProjectionReduction,
                           in roi: RegionOfInterest? = nil) throws(OperatorError) -> [Double]? {
        var sums: [Double] = [], counts: [Int] = []
        let clipped = try forEachROIRow(roi) { row in
            switch axis {
            case .x:
                if sums.isEmpty {
                    sums = [Double](repeating: 0, count: row.count)
                    counts = [Int](repeating: 0, count: row.count)
                }
                for j in 0..<row.count where !row[j].isNaN {
                    sums[j] += row[j].double
                    counts[j] += 1
                }
            case .y:
                var s = 0.0, n = 0
                for v in row where !v.isNaN { s += v.double; n += 1 }
                sums.append(s)
                counts.append(n)
            }
        }
        guard clipped != nil else { return nil }
        switch reduction {
        case .sum: return sums
        case .mean: return zip(sums, counts).map { $1 == 0 ? .nan : $0 / Double($1) }
        }
    }
}
