/// Per-pixel radius maps for ``PeakFinder8``: the distance of each pixel centre from the
/// beam centre, in pixels.
public enum RadiusMap {
    /// A single flat panel in the integrator's PONI convention (``DetectorGeometry``): pixel
    /// `(i, j)` has its centre at `((i + 0.5)·pixel1, (j + 0.5)·pixel2)`, the beam centre is at
    /// `(poni1, poni2)` metres; each axis is measured in its own pixel size, so
    /// r = √(((i + 0.5) − poni1/pixel1)² + ((j + 0.5) − poni2/pixel2)²).
    public static func flat(rows: Int, columns: Int, poni1: Double, poni2: Double,
                            pixel1: Double, pixel2: Double) throws(OperatorError) -> [Float] {
        guard rows > 0, columns > 0, rows.multipliedReportingOverflow(by: columns).overflow == false else {
            throw .invalidParameter(name: "rows/columns", reason: "\(rows)×\(columns) has no pixels")
        }
        guard pixel1 > 0, pixel2 > 0, pixel1.isFinite, pixel2.isFinite else {
            throw .invalidParameter(name: "pixel1/pixel2", reason: "pixel sizes must be positive (got \(pixel1), \(pixel2))")
        }
        guard poni1.isFinite, poni2.isFinite else { throw .invalidParameter(name: "poni1/poni2", reason: "must be finite") }
        let cy = poni1 / pixel1, cx = poni2 / pixel2
        var r = [Float](repeating: 0, count: rows * columns)
        for i in 0..<rows {
            let dy = Double(i) + 0.5 - cy
            for j in 0..<columns {
                let dx = Double(j) + 0.5 - cx
                r[i * columns + j] = Float((dy * dy + dx * dx).squareRoot())
            }
        }
        return r
    }

    /// A radius map from an array (e.g. a `.npy` file or a geometry view): its values as Float,
    /// checked finite and ≥ 0.
    public static func from<E: DenseElement>(_ array: DenseArray<E>) throws(OperatorError) -> [Float] {
        let values = array.withUnsafeBufferPointer { b in b.map { Float($0.double) } }
        for v in values where !(v.isFinite && v >= 0) {
            throw .invalidParameter(name: "radius", reason: "radii must be finite and ≥ 0 (got \(v))")
        }
        return values
    }
}

extension RadiusMap {
    /// A radius map saved with numpy (`.npy`, any numeric dtype): values and shape.
    public static func load(path: String) throws(OperatorError) -> (radius: [Float], shape: [Int]) {
        let array = try NPYFile.read(path)
        return (try from(array), array.shape)
    }
}
