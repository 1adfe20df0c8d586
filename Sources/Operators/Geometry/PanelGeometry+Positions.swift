/// Per-pixel positions of a panel geometry, in data order (one entry per element of a frame,
/// ``PanelGeometry/dataShape``). Pixels that no panel covers are NaN.
extension PanelGeometry {
    /// Calls `body(panel, flat index of (row i, column 0) of the panel, i)` for every panel row.
    @inline(__always)
    func forEachPanelRow(_ body: (GeometryPanel, Int, Int) -> Void) {
        for panel in panels {
            for i in 0..<panel.height {
                body(panel, flatIndex(module: panel.module, ss: panel.minSS + i, fs: panel.minFS), i)
            }
        }
    }

    /// The lab-frame position (metres, beam at x = y = 0, z = `coffset` + panel z) of every
    /// pixel's centre (`centre: true`, EXtra-geom's `get_pixel_positions()`) or of its first
    /// corner (`centre: false`), in data order; NaN where no panel covers a data element.
    public func pixelPositions(centre: Bool = true) -> [SIMD3<Double>] {
        let half = centre ? 0.5 : 0.0
        var out = [SIMD3<Double>](repeating: SIMD3(repeating: .nan), count: pixelCount)
        forEachPanelRow { panel, start, i in
            for j in 0..<panel.width {
                out[start + j] = panel.position(ss: Double(i) + half, fs: Double(j) + half)
            }
        }
        return out
    }

    /// The distance of every pixel centre from the beam axis in the detector plane,
    /// `√(x² + y²)` in metres, in data order; NaN where no panel covers a data element.
    /// (For peak finders: the radius map CrystFEL and OnDA use.)
    public func radiusMap() -> [Double] {
        pixelPositions().map { ($0.x * $0.x + $0.y * $0.y).squareRoot() }
    }

    /// A mask of the data (1 = bad) from the file's bad regions: `.data` regions by data index,
    /// `.lab` regions by each pixel's first corner strictly inside the box (CrystFEL's rule).
    /// Pixels no panel covers are also flagged.
    public func badPixelMask() throws(OperatorError) -> PixelMask {
        var flags = [UInt8](repeating: 1, count: pixelCount)
        forEachPanelRow { panel, start, i in
            for j in 0..<panel.width {
                flags[start + j] = 0
                // In the file's pixel units, as CrystFEL: corner + ss·ssPixels + fs·fsPixels.
                let p = panel.cornerPixels + Double(i) * SIMD2(panel.ssPixels.x, panel.ssPixels.y)
                    + Double(j) * SIMD2(panel.fsPixels.x, panel.fsPixels.y)
                for region in badRegions {
                    switch region.extent {
                    case let .lab(minX, maxX, minY, maxY):
                        if p.x > minX, p.x < maxX, p.y > minY, p.y < maxY { flags[start + j] = 1 }
                    case let .data(name, minFS, maxFS, minSS, maxSS):
                        let s = panel.minSS + i, f = panel.minFS + j
                        if name == panel.name, f >= minFS, f <= maxFS, s >= minSS, s <= maxSS { flags[start + j] = 1 }
                    }
                }
            }
        }
        return try PixelMask(shape: dataShape, flags: flags)
    }
}
