/// Connected regions of a frame above a threshold, as smalldata_tools' droplet finder
/// (`dropletFunc` in ADU mode, `docs/operators.md`, *Reductions*).
///
/// * Masked pixels, pixels above `pixelMaximum` and pixels below `threshold` (strict) are 0.
/// * Seeds are labelled with 4-connectivity (or 8). With `joinThreshold` ≠ `threshold`, every
///   seed grows by one pixel over the plus footprint into pixels ≥ `joinThreshold`, and the
///   grown set is labelled again: droplets whose one-pixel halos touch merge (one step only,
///   not a recursive hysteresis). Sums use the join-thresholded values.
/// * Droplets with `adu < minimumADU` are dropped. Droplets are numbered in raster order of
///   their first pixel (scipy.ndimage.label's order).
public struct DropletFinder: Sendable {
    public enum Connectivity: Int, Sendable { case four = 4, eight = 8 }

    public var threshold: Float
    public var joinThreshold: Float
    public var connectivity: Connectivity
    public var minimumADU: Float?
    public var pixelMaximum: Float?

    public init(threshold: Float, joinThreshold: Float? = nil, connectivity: Connectivity = .four,
                minimumADU: Float? = nil, pixelMaximum: Float? = nil) throws(OperatorError) {
        guard threshold.isFinite, (joinThreshold ?? threshold).isFinite else {
            throw .invalidParameter(name: "threshold", reason: "thresholds must be finite")
        }
        self.threshold = threshold
        self.joinThreshold = joinThreshold ?? threshold
        self.connectivity = connectivity
        self.minimumADU = minimumADU
        self.pixelMaximum = pixelMaximum
    }
}

/// One droplet: its sum, intensity-weighted centroid, size and bounding box.
public struct Droplet: Sendable, Equatable {
    /// Σ v over the droplet's pixels (ADU).
    public var adu: Double
    /// Intensity-weighted centroid (row, column), pixels.
    public var row: Double, column: Double
    /// Number of pixels.
    public var pixelCount: Int
    /// Bounding box, inclusive.
    public var rowRange: ClosedRange<Int>, columnRange: ClosedRange<Int>
}

/// The droplets of one frame.
public struct DropletList: Sendable, Equatable {
    /// The droplets kept (after `minimumADU`), in label order.
    public var droplets: [Droplet]
    /// Every droplet found, before `minimumADU` (smalldata_tools' `nDroplets_all`).
    public var allCount: Int
}
