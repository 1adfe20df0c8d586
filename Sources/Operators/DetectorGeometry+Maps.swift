/// Per-pixel maps of a geometry: radial positions, bounding-box half-widths, solid angle,
/// polarization. Positions and radial values are computed in Double; the solid angle and
/// polarization are rounded to Float, as pyFAI stores them.
extension DetectorGeometry {
    /// Sines and cosines of the rotations, and the lab-frame position of detector points.
    struct LabFrame {
        let c1, s1, c2, s2, c3, s3, distance: Double
        let poni1, poni2: Double
        let space: RadialUnit.Space
        let wavelength: Double

        init(_ g: DetectorGeometry, space: RadialUnit.Space) {
            c1 = LibM.cos(g.rot1); s1 = LibM.sin(g.rot1)
            c2 = LibM.cos(g.rot2); s2 = LibM.sin(g.rot2)
            c3 = LibM.cos(g.rot3); s3 = LibM.sin(g.rot3)
            distance = g.distance
            poni1 = g.poni1
            poni2 = g.poni2
            self.space = space
            wavelength = g.wavelength ?? .nan
        }

        /// pyFAI's `(t1, t2, t3)` for a detector point at `(p1, p2)` metres from the corner:
        /// t1 vertical (rows), t2 horizontal (columns), t3 along the beam.
        @inline(__always)
        func position(_ p1: Double, _ p2: Double) -> (t1: Double, t2: Double, t3: Double) {
            let d1 = p1 - poni1, d2 = p2 - poni2, d3 = distance
            let t1 = d1 * c2 * c3 + d2 * (c3 * s1 * s2 - c1 * s3) - d3 * (c1 * c3 * s2 + s1 * s3)
            let t2 = d1 * c2 * s3 + d2 * (c1 * c3 + s1 * s2 * s3) - d3 * (-c3 * s1 + c1 * s2 * s3)
            let t3 = d1 * s2 - d2 * c2 * s1 + d3 * c1 * c2
            return (t1, t2, t3)
        }

        /// The radial quantity (internal unit) of a detector point, as pyFAI's unit equations.
        @inline(__always)
        func radial(_ p1: Double, _ p2: Double) -> Double {
            let (y, x, z) = position(p1, p2)
            let r = (x * x + y * y).squareRoot()
            switch space {
            case .radius: return r
            case .twoTheta: return LibM.atan2(r, z)
            case .q: return 4.0e-9 * Double.pi * LibM.sin(LibM.atan2(r, z) / 2.0) / wavelength
            }
        }
    }

    /// Throws when `unit` needs a wavelength the geometry lacks.
    func requireWavelength(for unit: RadialUnit) throws(OperatorError) {
        if unit.needsWavelength && wavelength == nil {
            throw .invalidParameter(name: "geometry.wavelength", reason: "\(unit.rawValue) needs the wavelength")
        }
    }

    /// Radial position of every pixel centre in `space` (internal unit), C order.
    func radialCentres(_ space: RadialUnit.Space) -> [Double] {
        let frame = LabFrame(self, space: space)
        var out = [Double](repeating: 0, count: rows * columns)
        out.withUnsafeMutableBufferPointer { out in
            for i in 0..<rows {
                let p1 = pixel1 * (Double(i) + 0.5)
                for j in 0..<columns {
                    out[i * columns + j] = frame.radial(p1, pixel2 * (Double(j) + 0.5))
                }
            }
        }
        return out
    }

    /// Bounding-box half-width of every pixel in `space`: the largest distance between the
    /// pixel centre's radial value and one of its four corners'. Corner values are rounded to
    /// Float first, as pyFAI stores its corner array in float32 (this reproduces its bin range).
    func radialHalfWidths(_ space: RadialUnit.Space, centres: [Double]) -> [Double] {
        let frame = LabFrame(self, space: space)
        let cornerColumns = columns + 1
        var corners = [Float](repeating: 0, count: (rows + 1) * cornerColumns)
        corners.withUnsafeMutableBufferPointer { corners in
            for i in 0...rows {
                let p1 = Double(i) * pixel1
                for j in 0...columns {
                    corners[i * cornerColumns + j] = Float(frame.radial(p1, Double(j) * pixel2))
                }
            }
        }
        var out = [Double](repeating: 0, count: rows * columns)
        out.withUnsafeMutableBufferPointer { out in
            for i in 0..<rows {
                for j in 0..<columns {
                    let c = centres[i * columns + j]
                    let k = i * cornerColumns + j
                    let a = abs(Double(corners[k]) - c), b = abs(Double(corners[k + cornerColumns]) - c)
                    let d = abs(Double(corners[k + cornerColumns + 1]) - c), e = abs(Double(corners[k + 1]) - c)
                    out[i * columns + j] = Swift.max(Swift.max(a, b), Swift.max(d, e))
                }
            }
        }
        return out
    }

    /// Relative solid angle of every pixel, cos³ of the incidence angle (1 at the PONI), Float.
    func solidAngles() -> [Float] {
        var out = [Float](repeating: 0, count: rows * columns)
        let l2 = distance * distance
        out.withUnsafeMutableBufferPointer { out in
            for i in 0..<rows {
                let d1 = pixel1 * (Double(i) + 0.5) - poni1
                for j in 0..<columns {
                    let d2 = pixel2 * (Double(j) + 0.5) - poni2
                    let cosa = distance / (l2 + d1 * d1 + d2 * d2).squareRoot()
                    out[i * columns + j] = Float(LibM.pow(cosa, 3))
                }
            }
        }
        return out
    }

    /// pyFAI's polarization correction for `factor` (−1…1) and `axisOffset` (radians), Float:
    /// `0.5·(1 + cos²2θ − factor·cos(2(χ + offset))·(1 − cos²2θ))`, χ = atan2(t1, t2).
    func polarization(factor: Double, axisOffset: Double) -> [Float] {
        let frame = LabFrame(self, space: .twoTheta)
        var out = [Float](repeating: 0, count: rows * columns)
        out.withUnsafeMutableBufferPointer { out in
            for i in 0..<rows {
                let p1 = pixel1 * (Double(i) + 0.5)
                for j in 0..<columns {
                    let (y, x, z) = frame.position(p1, pixel2 * (Double(j) + 0.5))
                    let tth = LibM.atan2((x * x + y * y).squareRoot(), z)
                    let chi = LibM.atan2(y, x)
                    let c = LibM.cos(tth)
                    let cos2 = c * c
                    out[i * columns + j] = Float(0.5 * (1.0 + cos2 - factor * LibM.cos(2.0 * (chi + axisOffset)) * (1.0 - cos2)))
                }
            }
        }
        return out
    }

    // MARK: Public maps

    /// The radial position of every pixel centre in `unit`, shape `[rows, columns]`.
    public func radialMap(unit: RadialUnit) throws(OperatorError) -> DenseArray<Double> {
        try validate()
        try requireWavelength(for: unit)
        let centres = radialCentres(unit.space)
        let scale = unit.scale
        return try DenseArray(shape: shape, values: scale == 1 ? centres : centres.map { $0 * scale })
    }

    /// The bounding-box half-width of every pixel in `unit` (what bbox splitting spreads a
    /// pixel over), shape `[rows, columns]`.
    public func radialHalfWidthMap(unit: RadialUnit) throws(OperatorError) -> DenseArray<Double> {
        try validate()
        try requireWavelength(for: unit)
        let widths = radialHalfWidths(unit.space, centres: radialCentres(unit.space))
        let scale = unit.scale
        return try DenseArray(shape: shape, values: scale == 1 ? widths : widths.map { $0 * scale })
    }

    /// The relative solid angle (cos³ of the incidence angle) of every pixel, shape `[rows, columns]`.
    public func solidAngleMap() throws(OperatorError) -> DenseArray<Float> {
        try validate()
        return try DenseArray(shape: shape, values: solidAngles())
    }

    /// The polarization correction of every pixel, shape `[rows, columns]`.
    public func polarizationMap(factor: Double, axisOffset: Double = 0) throws(OperatorError) -> DenseArray<Float> {
        try validate()
        return try DenseArray(shape: shape, values: polarization(factor: factor, axisOffset: axisOffset))
    }
}
