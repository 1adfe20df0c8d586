extension AzimuthalIntegrator {
    /// Integrates one frame of shape ``frameShape`` (`[rows, columns]` for a flat detector).
    ///
    /// Float frames that are contiguous are read in place; see ``DenseArray/init(_:)`` for
    /// when making the `DenseArray` from a received `NDArray` copies.
    ///
    /// - Parameters:
    ///   - normalizationFactor: pyFAI's `normalization_factor` (a monitor value): multiplies
    ///     every pixel's norm, so the intensity is divided by it.
    ///   - dummy: pixels equal to this value are invalid (pyFAI `dummy`).
    ///   - deltaDummy: with `dummy`, pixels with |value − dummy| ≤ deltaDummy are invalid.
    public func integrate<E: DenseElement>(_ image: DenseArray<E>, normalizationFactor: Double = 1,
                                           dummy: Double? = nil, deltaDummy: Double? = nil)
        throws(OperatorError) -> AzimuthalProfile
    {
        guard image.shape == frameShape else { throw .shapeMismatch(expected: frameShape, actual: image.shape) }
        try Self.checkNormalization(normalizationFactor)
        return image.withUnsafeBufferPointer { pixels in
            integrate(pixels: pixels, normalizationFactor: normalizationFactor, dummy: dummy, deltaDummy: deltaDummy)
        }
    }

    /// Integrates every frame of a stack of shape `[…] + frameShape` (e.g. pulses first),
    /// in C order of the leading axes.
    public func integrateFrames<E: DenseElement>(_ stack: DenseArray<E>, normalizationFactor: Double = 1,
                                                 dummy: Double? = nil, deltaDummy: Double? = nil)
        throws(OperatorError) -> [AzimuthalProfile]
    {
        guard stack.rank >= frameShape.count, Array(stack.shape.suffix(frameShape.count)) == frameShape else {
            throw .shapeMismatch(expected: frameShape, actual: stack.shape)
        }
        try Self.checkNormalization(normalizationFactor)
        let size = pixelCount
        let frames = size == 0 ? 0 : stack.count / size
        return stack.withUnsafeBufferPointer { all in
            (0..<frames).map { f in
                integrate(pixels: UnsafeBufferPointer(rebasing: all[(f * size)..<((f + 1) * size)]),
                          normalizationFactor: normalizationFactor, dummy: dummy, deltaDummy: deltaDummy)
            }
        }
    }

    static func checkNormalization(_ factor: Double) throws(OperatorError) {
        guard factor.isFinite, factor != 0 else {
            throw .invalidParameter(name: "normalizationFactor", reason: "must be finite and nonzero (got \(factor))")
        }
    }

    /// Integrates `rows × columns` pixels in C order: the allocation-free core of ``integrate(_:normalizationFactor:dummy:deltaDummy:)``.
    /// `pixels.count` must equal `rows * columns`.
    public func integrate<E: DenseElement>(pixels: UnsafeBufferPointer<E>, normalizationFactor: Double = 1,
                                           dummy: Double? = nil, deltaDummy: Double? = nil) -> AzimuthalProfile {
        precondition(pixels.count == pixelCount, "frame size does not match the geometry")
        if Specialize.isFloat(E.self) {
            return integrateSpecialized(Specialize.cast(pixels, to: UnsafeBufferPointer<Float>.self),
                                        normalizationFactor, dummy, deltaDummy)
        }
        return integrateSpecialized(Specialize.cast(pixels, to: UnsafeBufferPointer<Double>.self),
                                    normalizationFactor, dummy, deltaDummy)
    }

    /// The kernel, called with a concrete element type so that it is specialised.
    private func integrateSpecialized<E: DenseElement>(_ pixels: UnsafeBufferPointer<E>, _ normalizationFactor: Double,
                                                       _ dummy: Double?, _ deltaDummy: Double?) -> AzimuthalProfile {
        let bins = table.bins
        var sumSignal = [Double](repeating: 0, count: bins)
        var sumNorm = [Double](repeating: 0, count: bins)
        var count = [Double](repeating: 0, count: bins)
        var intensity = [Float](repeating: 0, count: bins)
        let validity = Validity<E>(dummy: dummy, delta: deltaDummy)
        sumSignal.withUnsafeMutableBufferPointer { sumSignal in
            sumNorm.withUnsafeMutableBufferPointer { sumNorm in
                count.withUnsafeMutableBufferPointer { count in
                    intensity.withUnsafeMutableBufferPointer { intensity in
                        let out = Outputs(sumSignal: sumSignal, sumNorm: sumNorm, count: count, intensity: intensity)
                        run(pixels, validity, normalizationFactor, out)
                    }
                }
            }
        }
        return AzimuthalProfile(unit: configuration.unit, radial: radial, intensity: intensity,
                                sumSignal: sumSignal, sumNormalization: sumNorm, count: count)
    }

    /// Which pixel values are invalid in this frame (NaN always; the dummy value if given).
    struct Validity<E: DenseElement> {
        let checkDummy: Bool
        let dummy: E
        let delta: E

        init(dummy: Double?, delta: Double?) {
            checkDummy = dummy != nil
            self.dummy = E(rounding: dummy ?? 0)
            self.delta = E(rounding: Swift.abs(delta ?? 0))
        }

        @inline(__always)
        func isInvalid(_ v: E) -> Bool {
            if v.isNaN { return true }
            guard checkDummy else { return false }
            return delta == 0 ? v == dummy : Swift.abs(v - dummy) <= delta
        }
    }

    struct Outputs {
        let sumSignal, sumNorm, count: UnsafeMutableBufferPointer<Double>
        let intensity: UnsafeMutableBufferPointer<Float>
    }

    /// weight · value as pyFAI forms it: a float32 product for float32 data.
    @inline(__always)
    static func weighted<E: DenseElement>(_ c: Float, _ v: E) -> Double {
        E.self == Float.self ? Double(c * Float(v)) : Double(c) * v.double
    }

    private func run<E: DenseElement>(_ img: UnsafeBufferPointer<E>, _ validity: Validity<E>, _ factor: Double,
                                      _ out: Outputs) {
        table.pixel.withUnsafeBufferPointer { pix in
            table.entryNorm.withUnsafeBufferPointer { entryNorm in
                if let coefficient = table.coefficient {
                    coefficient.withUnsafeBufferPointer { coef in
                        for b in 0..<table.bins {
                            let row = table.rowStart[b]..<table.rowStart[b + 1]
                            let r = Self.splitRow(img, pix, coef, entryNorm, row, validity)
                            finish(b, r, factor, out)
                        }
                    }
                } else {
                    for b in 0..<table.bins {
                        let row = table.rowStart[b]..<table.rowStart[b + 1]
                        let r = Self.wholeRow(img, pix, entryNorm, row, validity)
                        finish(b, r, factor, out)
                    }
                }
            }
        }
    }

    /// One row's accumulated signal and the weight and norm of its invalid entries.
    struct RowSums {
        var signal = 0.0
        var invalidEntries = 0
        var invalidNorm = 0.0
        var invalidCount = 0.0
    }

    @inline(__always)
    private func finish(_ b: Int, _ r: RowSums, _ factor: Double, _ out: Outputs) {
        let entries = table.rowStart[b + 1] - table.rowStart[b]
        let allInvalid = r.invalidEntries == entries
        let norm = allInvalid ? 0 : (table.totalNorm[b] - r.invalidNorm) * factor
        out.sumSignal[b] = r.signal
        out.sumNorm[b] = norm
        out.count[b] = allInvalid ? 0 : table.totalCount[b] - r.invalidCount
        out.intensity[b] = norm != 0 ? Float(r.signal / norm) : 0
    }

    /// Four gathered pixel values, whether any is invalid, and their sum or weighted sum as
    /// two Double pairs. For Float data the weighted products are Float products, as pyFAI's.
    @inline(__always)
    static func gather4<E: DenseElement>(_ img: UnsafeBufferPointer<E>, _ pix: UnsafeBufferPointer<Int32>,
                                         _ k: Int) -> SIMD4<E> {
        SIMD4(img[Int(pix[k])], img[Int(pix[k + 1])], img[Int(pix[k + 2])], img[Int(pix[k + 3])])
    }

    /// The four values as Doubles, low and high pair.
    @inline(__always)
    static func widen<E: DenseElement>(_ v: SIMD4<E>) -> (SIMD2<Double>, SIMD2<Double>) {
        if E.self == Float.self {
            let f = unsafeBitCast(v, to: SIMD4<Float>.self)
            return (SIMD2<Double>(f.lowHalf), SIMD2<Double>(f.highHalf))
        }
        let d = unsafeBitCast(v, to: SIMD4<Double>.self)
        return (d.lowHalf, d.highHalf)
    }

    /// weight · value for four entries (Float products for Float data), as Double pairs.
    @inline(__always)
    static func weighted4<E: DenseElement>(_ c: SIMD4<Float>, _ v: SIMD4<E>) -> (SIMD2<Double>, SIMD2<Double>) {
        if E.self == Float.self { return widen(c * unsafeBitCast(v, to: SIMD4<Float>.self)) }
        let d = unsafeBitCast(v, to: SIMD4<Double>.self) * SIMD4<Double>(c)
        return (d.lowHalf, d.highHalf)
    }

    /// A row without splitting: every weight is 1.
    ///
    /// Rows are first summed without looking at the values; a NaN anywhere makes the sum NaN,
    /// and only then is the row summed again pixel by pixel, skipping invalid pixels. Frames
    /// with a dummy value always take the checked path.
    @inline(__always)
    static func wholeRow<E: DenseElement>(_ img: UnsafeBufferPointer<E>, _ pix: UnsafeBufferPointer<Int32>,
                                          _ entryNorm: UnsafeBufferPointer<Float>, _ row: Range<Int>,
                                          _ validity: Validity<E>) -> RowSums {
        if !validity.checkDummy {
            var lo = SIMD2<Double>(), hi = SIMD2<Double>(), tail = 0.0
            var k = row.lowerBound
            while k + 4 <= row.upperBound {
                let (a, b) = widen(gather4(img, pix, k))
                lo += a
                hi += b
                k += 4
            }
            while k < row.upperBound { tail += img[Int(pix[k])].double; k += 1 }
            let s = lo + hi
            let signal = (s[0] + s[1]) + tail
            if !signal.isNaN { return RowSums(signal: signal) }
        }
        var r = RowSums()
        var signal = 0.0
        for k in row {
            let v = img[Int(pix[k])]
            if validity.isInvalid(v) {
                r.invalidEntries += 1
                r.invalidNorm += Double(entryNorm[k])
                r.invalidCount += 1
            } else {
                signal += v.double
            }
        }
        r.signal = signal
        return r
    }

    /// A row with bounding-box splitting: entries carry float32 weights. Same NaN strategy as
    /// ``wholeRow(_:_:_:_:_:)``.
    @inline(__always)
    static func splitRow<E: DenseElement>(_ img: UnsafeBufferPointer<E>, _ pix: UnsafeBufferPointer<Int32>,
                                          _ coef: UnsafeBufferPointer<Float>, _ entryNorm: UnsafeBufferPointer<Float>,
                                          _ row: Range<Int>, _ validity: Validity<E>) -> RowSums {
        if !validity.checkDummy {
            var lo = SIMD2<Double>(), hi = SIMD2<Double>(), tail = 0.0
            var k = row.lowerBound
            while k + 4 <= row.upperBound {
                let c = UnsafeRawPointer(coef.baseAddress! + k).loadUnaligned(as: SIMD4<Float>.self)
                let (a, b) = weighted4(c, gather4(img, pix, k))
                lo += a
                hi += b
                k += 4
            }
            while k < row.upperBound { tail += weighted(coef[k], img[Int(pix[k])]); k += 1 }
            let s = lo + hi
            let signal = (s[0] + s[1]) + tail
            if !signal.isNaN { return RowSums(signal: signal) }
        }
        var r = RowSums()
        var signal = 0.0
        for k in row {
            let v = img[Int(pix[k])]
            if validity.isInvalid(v) {
                r.invalidEntries += 1
                r.invalidNorm += Double(entryNorm[k])
                r.invalidCount += Double(coef[k])
            } else {
                signal += weighted(coef[k], v)
            }
        }
        r.signal = signal
        return r
    }
}
