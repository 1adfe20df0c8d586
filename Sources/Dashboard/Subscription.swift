/// What a browser panel asks of one view: the size it draws at and, for images, the region
/// it shows (zoom) and how pixels are combined.
public struct Subscription: Sendable, Hashable, Codable {
    /// Display width in device pixels.
    public var width: Int
    /// Display height in device pixels.
    public var height: Int
    /// The image region shown (nil: the whole image).
    public var region: PixelRegion?
    /// How image pixels are combined when decimating.
    public var reduction: Reduction?

    public init(width: Int = 640, height: Int = 480, region: PixelRegion? = nil, reduction: Reduction? = nil) {
        self.width = width
        self.height = height
        self.region = region
        self.reduction = reduction
    }

    /// The size clamped to something sane (1…4096 per side).
    var clamped: Subscription {
        var s = self
        s.width = min(max(1, width), 4096)
        s.height = min(max(1, height), 4096)
        return s
    }
}
