/// A rectangle of an image, EXtra-foam style: `x` is the first column, `y` the first row.
///
/// Operators clip it to the image by intersection (``clipped(rows:columns:)``); a rectangle that
/// does not intersect the image is **empty** and operators report no value (`nil`), never 0.
public struct RegionOfInterest: Sendable, Hashable, Codable {
    /// First column.
    public var x: Int
    /// First row.
    public var y: Int
    /// Number of columns.
    public var width: Int
    /// Number of rows.
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The whole of a `rows × columns` image.
    public static func full(rows: Int, columns: Int) -> RegionOfInterest {
        RegionOfInterest(x: 0, y: 0, width: columns, height: rows)
    }

    /// The intersection with `[0, columns) × [0, rows)`: x' = max(x, 0), y' = max(y, 0),
    /// w' = min(x + w, columns) − x', h' = min(y + h, rows) − y'; `nil` when w' ≤ 0 or h' ≤ 0.
    public func clipped(rows: Int, columns: Int) -> RegionOfInterest? {
        let x0 = Swift.max(x, 0), y0 = Swift.max(y, 0)
        let (xEnd, xOverflow) = x.addingReportingOverflow(width)
        let (yEnd, yOverflow) = y.addingReportingOverflow(height)
        let w = Swift.min(xOverflow ? Int.max : xEnd, columns) - x0
        let h = Swift.min(yOverflow ? Int.max : yEnd, rows) - y0
        guard w > 0, h > 0 else { return nil }
        return RegionOfInterest(x: x0, y: y0, width: w, height: h)
    }
}
