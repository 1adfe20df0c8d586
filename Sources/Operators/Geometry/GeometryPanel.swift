/// One panel (tile) of a multi-panel detector: a rectangle of the data array and where its
/// pixels lie in the lab frame.
///
/// Lab frame as CrystFEL and EXtra-geom: +z along the beam, +y up, +x completing a
/// right-handed set (beam-left for someone looking along the beam); x = y = 0 is the beam.
/// ``corner``, ``fs`` and ``ss`` are in metres (the file's pixel units divided by ``res``).
public struct GeometryPanel: Sendable, Hashable {
    /// The panel's name in the file (e.g. `p0a0`).
    public var name: String
    /// The line where the file first mentions the panel.
    public var line: Int
    /// Index along the data's module axis (0 when the data have none).
    public var module: Int
    /// First and last (inclusive) fast-scan index in the module's data.
    public var minFS: Int, maxFS: Int
    /// First and last (inclusive) slow-scan index in the module's data.
    public var minSS: Int, maxSS: Int
    /// Lab-frame step of one pixel along fast scan, metres.
    public var fs: SIMD3<Double>
    /// Lab-frame step of one pixel along slow scan, metres.
    public var ss: SIMD3<Double>
    /// Lab-frame position of the outer corner of pixel `(minSS, minFS)`, metres
    /// (`corner_x/res`, `corner_y/res`, `coffset`).
    public var corner: SIMD3<Double>
    /// Pixels per metre (`res`).
    public var res: Double
    /// `corner_x`, `corner_y` as written in the file, pixels.
    public var cornerPixels: SIMD2<Double>
    /// `fs` and `ss` as written in the file, pixels.
    public var fsPixels: SIMD3<Double>, ssPixels: SIMD3<Double>

    /// Pixels along fast scan.
    public var width: Int { maxFS - minFS + 1 }
    /// Pixels along slow scan.
    public var height: Int { maxSS - minSS + 1 }

    /// Position of a point of the panel at continuous local coordinates (`s` along slow scan,
    /// `f` along fast scan, 0 at the first pixel's outer edge), evaluated as EXtra-geom does:
    /// `(corner + s·ss) + f·fs`.
    @inline(__always)
    public func position(ss s: Double, fs f: Double) -> SIMD3<Double> {
        (corner + s * ss) + f * fs
    }
}

/// A region of pixels to exclude, as CrystFEL's `bad…` entries give it.
public struct BadRegion: Sendable, Hashable {
    /// How the region is given.
    public enum Extent: Sendable, Hashable {
        /// A lab-frame box in pixels (`min_x … max_y`); a pixel is bad when its first corner lies
        /// strictly inside.
        case lab(minX: Double, maxX: Double, minY: Double, maxY: Double)
        /// A data rectangle of one panel, inclusive (`panel`, `min_fs … max_ss`).
        case data(panel: String, minFS: Int, maxFS: Int, minSS: Int, maxSS: Int)
    }
    /// Its name in the file (starts with `bad`).
    public var name: String
    /// Where it was first mentioned.
    public var line: Int
    /// The region.
    public var extent: Extent
}

/// A named group of panels (`rigid_group_…` or CrystFEL ≥ 0.11 `group_…`), or of groups
/// (`rigid_group_collection_…`). Carried for completeness; it does not change positions.
public struct PanelGroup: Sendable, Hashable {
    /// The group's name without its prefix.
    public var name: String
    /// The members as written.
    public var members: [String]
    /// Whether it is a collection of groups.
    public var isCollection: Bool
    /// Its line in the file.
    public var line: Int
}
