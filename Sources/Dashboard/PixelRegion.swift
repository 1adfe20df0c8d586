/// A rectangle of image pixels, half-open: columns `x0..<x1`, rows `y0..<y1`.
public struct PixelRegion: Sendable, Hashable, Codable {
    public var x0: Int
    public var y0: Int
    public var x1: Int
    public var y1: Int

    public init(x0: Int, y0: Int, x1: Int, y1: Int) {
        self.x0 = x0
        self.y0 = y0
        self.x1 = x1
        self.y1 = y1
    }

    /// The whole of an image `height` × `width`.
    public static func whole(width: Int, height: Int) -> PixelRegion { PixelRegion(x0: 0, y0: 0, x1: width, y1: height) }

    /// This region clipped to an image `height` × `width`, never empty (at least one pixel) for a non-empty image.
    public func clamped(width: Int, height: Int) -> PixelRegion {
        let cx0 = min(max(0, x0), max(0, width - 1)), cy0 = min(max(0, y0), max(0, height - 1))
        return PixelRegion(x0: cx0, y0: cy0, x1: max(cx0 + 1, min(width, x1)), y1: max(cy0 + 1, min(height, y1)))
    }

    public var width: Int { x1 - x0 }
    public var height: Int { y1 - y0 }
}
