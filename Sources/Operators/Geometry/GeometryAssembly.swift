/// Snapped assembly of module data into images, element for element as EXtra-geom's
/// `position_modules` (see `docs/geometry.md`):
///
/// * each panel's corner and fs/ss vectors are divided by the snapping pixel size and rounded
///   half-to-even; z is dropped; a panel must then be aligned with the grid (fs and ss along
///   ±x/±y);
/// * output row index grows with +y, column index with +x; ``centre`` is the (row, column)
///   index of the pixel *edge* at the beam (x = y = 0);
/// * pixels no panel covers are NaN; where panels overlap, the later one (module order, then
///   file order) wins.
public struct GeometryAssembly: Sendable, Hashable {
    /// Where one panel's pixels go: output index = `base + i·rowStep + j·columnStep` for local
    /// slow-scan index i and fast-scan index j.
    struct Placement: Sendable, Hashable {
        var sourceStart: Int
        var height: Int, width: Int
        var base: Int
        var ssStep: Int, fsStep: Int
    }

    /// The geometry it assembles.
    public let geometry: PanelGeometry
    /// The snapping pixel size (x, y) in metres.
    public let pixelSize: SIMD2<Double>
    /// Output image rows and columns.
    public let rows: Int, columns: Int
    /// (row, column) of the beam, as an edge index (EXtra-geom's `centre`).
    public let centre: (row: Int, column: Int)
    let placements: [Placement]

    public static func == (a: GeometryAssembly, b: GeometryAssembly) -> Bool {
        a.geometry == b.geometry && a.pixelSize == b.pixelSize
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(geometry)
        hasher.combine(pixelSize)
    }

    /// Detector pixel sizes EXtra-geom snaps to (AGIPD, LPD, JUNGFRAU, ePix100, ePix10K), metres.
    public static let knownPixelSizes: [Double] = [200e-6, 500e-6, 75e-6, 50e-6, 100e-6]

    /// The snapping pixel size for a geometry: `1/res` of its first panel, replaced by the
    /// detector class's exact size when it agrees to 1e-9 (EXtra-geom snaps by its class's
    /// pixel size, and `1/res` does not always round-trip).
    public static func defaultPixelSize(_ geometry: PanelGeometry) -> Double {
        let p = 1 / (geometry.panels.first?.res ?? 1)
        return knownPixelSizes.first { abs($0 - p) <= 1e-9 * $0 } ?? p
    }

    /// Plans the assembly of `geometry` with square pixels of `pixelSize` metres (default
    /// ``defaultPixelSize(_:)``).
    ///
    /// - Throws: ``GeometryError`` at a panel's line when the panel is rotated off the grid.
    public init(geometry: PanelGeometry, pixelSize: Double? = nil) throws(GeometryError) {
        let px = pixelSize ?? Self.defaultPixelSize(geometry)
        let size = SIMD2(px, px)
        struct Tile { var top: Int, left: Int, rows: Int, cols: Int, flipRows: Bool, flipCols: Bool, transposed: Bool }
        var tiles: [Tile] = []
        let ordered = geometry.panels.enumerated().sorted { ($0.element.module, $0.offset) < ($1.element.module, $1.offset) }.map(\.element)
        func snap(_ v: Double, _ p: Double) -> Int { Int((v / p).rounded(.toNearestOrEven)) }
        for panel in ordered {
            let cx = snap(panel.corner.x, size.x), cy = snap(panel.corner.y, size.y)
            let sx = snap(panel.ss.x, size.x), sy = snap(panel.ss.y, size.y)
            let fx = snap(panel.fs.x, size.x), fy = snap(panel.fs.y, size.y)
            let h = panel.height, w = panel.width
            if abs(fx) == 1, fy == 0, sx == 0, abs(sy) == 1 {
                tiles.append(Tile(top: cy + min(sy, 0) * h, left: cx + min(fx, 0) * w, rows: h, cols: w,
                                  flipRows: sy < 0, flipCols: fx < 0, transposed: false))
            } else if abs(fy) == 1, fx == 0, sy == 0, abs(sx) == 1 {
                tiles.append(Tile(top: cy + min(fy, 0) * w, left: cx + min(sx, 0) * h, rows: w, cols: h,
                                  flipRows: fy < 0, flipCols: sx < 0, transposed: true))
            } else {
                throw GeometryError(file: geometry.file, line: panel.line,
                                    "panel \(panel.name) is not aligned with the pixel grid (fs snaps to (\(fx), \(fy)), ss to (\(sx), \(sy)) pixels of \(px) m); it cannot be assembled without interpolation")
            }
        }
        let top = tiles.map(\.top).min() ?? 0, left = tiles.map(\.left).min() ?? 0
        let rows = (tiles.map { $0.top + $0.rows }.max() ?? 0) - top
        let columns = (tiles.map { $0.left + $0.cols }.max() ?? 0) - left
        var placements: [Placement] = []
        for (panel, t) in zip(ordered, tiles) {
            let r0 = t.top - top, c0 = t.left - left
            // Output (row, col) of local (i, j), then as base + i·ssStep + j·fsStep.
            let rowOfI = t.transposed ? 0 : (t.flipRows ? -1 : 1), rowOfJ = t.transposed ? (t.flipRows ? -1 : 1) : 0
            let colOfI = t.transposed ? (t.flipCols ? -1 : 1) : 0, colOfJ = t.transposed ? 0 : (t.flipCols ? -1 : 1)
            let row0 = r0 + (rowOfI < 0 || rowOfJ < 0 ? t.rows - 1 : 0)
            let col0 = c0 + (colOfI < 0 || colOfJ < 0 ? t.cols - 1 : 0)
            placements.append(Placement(
                sourceStart: geometry.flatIndex(module: panel.module, ss: panel.minSS, fs: panel.minFS),
                height: panel.height, width: panel.width, base: row0 * columns + col0,
                ssStep: rowOfI * columns + colOfI, fsStep: rowOfJ * columns + colOfJ))
        }
        self.geometry = geometry
        self.pixelSize = size
        self.rows = rows
        self.columns = columns
        self.centre = (-top, -left)
        self.placements = placements
    }

    /// Centre positions of the output columns (x) and rows (y), metres from the beam:
    /// `(c − centre.column + 0.5)·pixel`.
    public var xAxis: [Double] { (0..<columns).map { (Double($0 - centre.column) + 0.5) * pixelSize.x } }
    /// See ``xAxis``.
    public var yAxis: [Double] { (0..<rows).map { (Double($0 - centre.row) + 0.5) * pixelSize.y } }
}
