/// Per-pixel radial positions, half-widths, solid angles and polarization of a panel geometry,
/// in data order, as pyFAI computes them for a detector given by its pixel corners.
extension PanelIntegrationGeometry: IntegrationPixels {
    var frameShape: [Int] { panels.dataShape }

    /// The radial value (internal unit) of a point (z, y, x) of the detector frame.
    @inline(__always)
    func radial(_ p: SIMD3<Double>, _ space: RadialUnit.Space) -> Double {
        let r = (p.y * p.y + p.z * p.z).squareRoot()
        switch space {
        case .radius: return r
        case .twoTheta: return LibM.atan2(r, distance + p.x)
        case .q: return 4.0e-9 * Double.pi * LibM.sin(LibM.atan2(r, distance + p.x) / 2.0) / (wavelength ?? .nan)
        }
    }

    func radialCentres(_ space: RadialUnit.Space) -> [Double] {
        centres(corners: corners()).map { radial(SIMD3<Double>($0), space) }
    }

    func radialHalfWidths(_ space: RadialUnit.Space, centres: [Double]) -> [Double] {
        let k = corners()
        return centres.indices.map { p in
            var d = 0.0
            for n in 0..<4 {
                let corner = Double(Float(radial(SIMD3<Double>(k[4 * p + n]), space)))
                d = Swift.max(d, Swift.abs(corner - centres[p]))
            }
            return d
        }
    }

    func solidAngles() -> [Float] {
        let k = corners()
        let c = centres(corners: k)
        let flat = isFlat(corners: k)
        return c.indices.map { p in
            let m = SIMD3<Double>(c[p])
            if m.x.isNaN { return 0 }
            let cosine: Double
            if flat {
                cosine = distance / (distance * distance + (m.y * m.y + m.z * m.z)).squareRoot()
            } else {
                // t = (distance + z, y, x); normal (C − A) × (D − B) from the corners, (z, y, x) order.
                let a = SIMD3<Double>(k[4 * p]), b = SIMD3<Double>(k[4 * p + 1])
                let cc = SIMD3<Double>(k[4 * p + 2]), d = SIMD3<Double>(k[4 * p + 3])
                let u = cc - a, v = d - b
                let n = SIMD3(u.y * v.z - u.z * v.y, u.z * v.x - u.x * v.z, u.x * v.y - u.y * v.x)
                let t = SIMD3(distance + m.x, m.y, m.z)
                cosine = (t * n).sum() / ((t * t).sum().squareRoot() * (n * n).sum().squareRoot())
            }
            return Float(LibM.pow(cosine, 3))
        }
    }

    func polarization(factor: Double, axisOffset: Double) -> [Float] {
        centres(corners: corners()).map { f in
            let m = SIMD3<Double>(f)
            let tth = LibM.atan2((m.y * m.y + m.z * m.z).squareRoot(), distance + m.x)
            let chi = LibM.atan2(m.y, m.z)
            let c = LibM.cos(tth)
            let cos2 = c * c
            return Float(0.5 * (1.0 + cos2 - factor * LibM.cos(2.0 * (chi + axisOffset)) * (1.0 - cos2)))
        }
    }

    // MARK: Public maps

    /// The radial position of every pixel centre in `unit`, shape ``PanelGeometry/dataShape``
    /// (NaN for data elements no panel covers).
    public func radialMap(unit: RadialUnit) throws(OperatorError) -> DenseArray<Double> {
        if unit.needsWavelength && wavelength == nil {
            throw .invalidParameter(name: "wavelength", reason: "\(unit.rawValue) needs the wavelength")
        }
        let scale = unit.scale
        return try DenseArray(shape: frameShape, values: radialCentres(unit.space).map { $0 * scale })
    }

    /// The azimuth χ = atan2(y, x) of every pixel centre, radians (EXtra-geom's x: χ = 0 is beam-left).
    public func azimuthMap() throws(OperatorError) -> DenseArray<Double> {
        try DenseArray(shape: frameShape, values: centres(corners: corners()).map { LibM.atan2(Double($0.y), Double($0.z)) })
    }

    /// The relative solid angle of every pixel (cos³ of the incidence angle), as pyFAI.
    public func solidAngleMap() throws(OperatorError) -> DenseArray<Float> {
        try DenseArray(shape: frameShape, values: solidAngles())
    }

    /// pyFAI's polarization correction of every pixel.
    public func polarizationMap(factor: Double, axisOffset: Double = 0) throws(OperatorError) -> DenseArray<Float> {
        try DenseArray(shape: frameShape, values: polarization(factor: factor, axisOffset: axisOffset))
    }
}
