import KaraboBridge

/// How pixels that fall into one displayed pixel are combined.
public enum Reduction: String, Sendable, Hashable, Codable {
    /// Their mean (NaN skipped): the faithful picture of smooth data.
    case mean
    /// Their maximum (NaN skipped): keeps isolated bright pixels (peaks, hits) visible.
    case max
}

/// An image reduced to (at most) the size it is displayed at.
public struct DecimatedImage: Sendable, Equatable {
    /// Displayed pixels, row-major, `height` × `width`; NaN where no finite source pixel fell.
    public var values: [Float]
    public var width: Int
    public var height: Int
    /// The source pixels it covers.
    public var region: PixelRegion
}

/// Reduces 2-D arrays to a display size on the server, so that a browser showing a 1 Mpixel
/// detector in a 400 × 400 panel receives 160 k values, not 1 M.
public enum ImageDecimator {
    /// Reduces `region` of `array` (rank 2, rows = y; higher ranks use index 0 of the leading axes)
    /// to at most `width` × `height` pixels. nil for non-numeric or empty arrays.
    public static func decimate(_ array: NDArray, region wanted: PixelRegion? = nil, width: Int, height: Int,
                                reduction: Reduction = .mean) -> DecimatedImage? {
        var a = array
        while a.rank > 2, let first = a.selecting(axis: 0, index: 0) { a = first }
        guard a.rank == 1 || a.rank == 2, a.dtype.isNumeric, a.count > 0 else { return nil }
        // A 1-D array is shown as one row.
        let rows = a.rank == 2 ? a.shape[0] : 1, cols = a.shape[a.rank - 1]
        let rowStride = a.rank == 2 ? a.strides[0] : 0, colStride = a.strides[a.rank - 1]
        let region = (wanted ?? .whole(width: cols, height: rows)).clamped(width: cols, height: rows)
        let ow = max(1, min(region.width, width)), oh = max(1, min(region.height, height))
        var sums = [Double](repeating: reduction == .max ? -.infinity : 0, count: ow * oh)
        var counts = [Int32](repeating: 0, count: ow * oh)
        let columnOut = (0..<region.width).map { $0 * ow / region.width }
        guard let elementType = a.dtype.elementType else { return nil }
        let load = elementType.doubleLoader(bigEndian: a.dtype.isBigEndian)
        do {
            a.buffer.withUnsafeBytes { raw in
                let base = raw.baseAddress!.advanced(by: a.byteOffset)
                sums.withUnsafeMutableBufferPointer { sum in
                    counts.withUnsafeMutableBufferPointer { count in
                        for r in region.y0..<region.y1 {
                            let outRow = ((r - region.y0) * oh / region.height) * ow
                            let rowBase = base.advanced(by: r * rowStride)
                            for c in 0..<region.width {
                                let v = load(rowBase.advanced(by: (region.x0 + c) * colStride))
                                if v.isNaN { continue }
                                let o = outRow + columnOut[c]
                                if reduction == .max { if v > sum[o] { sum[o] = v } } else { sum[o] += v }
                                count[o] += 1
                            }
                        }
                    }
                }
            }
        }
        var values = [Float](repeating: .nan, count: ow * oh)
        for i in 0..<values.count where counts[i] > 0 {
            values[i] = Float(reduction == .max ? sums[i] : sums[i] / Double(counts[i]))
        }
        return DecimatedImage(values: values, width: ow, height: oh, region: region)
    }

    /// A 1-D array as at most `maxPoints` values (bin means when longer), with the matching
    /// `x` coordinates (bin means too). nil for non-numeric arrays.
    public static func decimate(vector: NDArray, x: [Double]?, maxPoints: Int) -> (x: [Double], y: [Double])? {
        guard vector.dtype.isNumeric, let y = vector.doubles() else { return nil }
        let xs = (x?.count == y.count) ? x! : (0..<y.count).map(Double.init)
        guard y.count > maxPoints, maxPoints > 0 else { return (xs, y) }
        var bx = [Double](), by = [Double]()
        bx.reserveCapacity(maxPoints)
        by.reserveCapacity(maxPoints)
        for b in 0..<maxPoints {
            let lo = b * y.count / maxPoints, hi = max(lo + 1, (b + 1) * y.count / maxPoints)
            var sx = 0.0, sy = 0.0, n = 0
            for i in lo..<hi where !y[i].isNaN { sx += xs[i]; sy += y[i]; n += 1 }
            bx.append(n > 0 ? sx / Double(n) : xs[lo])
            by.append(n > 0 ? sy / Double(n) : .nan)
        }
        return (bx, by)
    }
}
