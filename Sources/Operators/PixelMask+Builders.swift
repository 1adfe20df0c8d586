extension PixelMask {
    /// Masks the pixels of `image` outside `range` (and NaN pixels): EXtra-foam's threshold
    /// mask, computed from one image (e.g. a dark or an average) to be reused on later frames.
    @_specialize(where E == Float)
    @_specialize(where E == Double)
    public static func outside<E: DenseElement>(_ range: ClosedRange<Double>, in image: DenseArray<E>) -> PixelMask {
        let flags = image.withUnsafeBufferPointer { v in
            v.map { x -> UInt8 in
                let d = x.double
                return d >= range.lowerBound && d <= range.upperBound ? 0 : 1
            }
        }
        // The shape and flag count come from the same array.
        return try! PixelMask(shape: image.shape, flags: flags)
    }

    /// Masks NaN and infinite pixels of `image`.
    @_specialize(where E == Float)
    @_specialize(where E == Double)
    public static func nonFinite<E: DenseElement>(in image: DenseArray<E>) -> PixelMask {
        let flags = image.withUnsafeBufferPointer { v in v.map { $0.isFinite ? UInt8(0) : 1 } }
        return try! PixelMask(shape: image.shape, flags: flags)
    }

    /// Masks hot pixels of a reference image (typically a dark or a mean of many frames):
    /// pixels above `median + sigma · scale`, with `scale` the robust standard deviation
    /// 1.4826 · MAD (median absolute deviation) of the non-NaN pixels, or their standard
    /// deviation when the MAD is 0. NaN pixels are masked too.
    /// - Throws: ``OperatorError/invalidParameter(name:reason:)`` unless `sigma` > 0;
    ///   ``OperatorError/noData(_:)`` when every pixel is NaN.
    @_specialize(where E == Float)
    @_specialize(where E == Double)
    public static func hotPixels<E: DenseElement>(in reference: DenseArray<E>, sigma: Double = 5) throws(OperatorError) -> PixelMask {
        guard sigma > 0, sigma.isFinite else { throw .invalidParameter(name: "sigma", reason: "must be positive (got \(sigma))") }
        var values = reference.values.filter { !$0.isNaN }.map(\.double)
        guard !values.isEmpty else { throw .noData("every pixel of the reference is NaN") }
        let median = Self.median(&values)
        var deviations = values.map { abs($0 - median) }
        var scale = 1.4826 * Self.median(&deviations)
        if scale == 0 {
            let mean = values.reduce(0, +) / Double(values.count)
            scale = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
        }
        let limit = median + sigma * scale
        let flags = reference.withUnsafeBufferPointer { v in
            v.map { x -> UInt8 in x.isNaN || x.double > limit ? 1 : 0 }
        }
        return try PixelMask(shape: reference.shape, flags: flags)
    }

    /// The median of non-empty, NaN-free `values` (reorders them).
    static func median(_ values: inout [Double]) -> Double {
        let n = values.count
        return values.withUnsafeMutableBufferPointer { v in
            let upper = Selection.select(v, n / 2)
            guard n % 2 == 0 else { return upper }
            var lower = v[0]
            for i in 1..<(n / 2) where v[i] > lower { lower = v[i] }
            return (lower + upper) / 2
        }
    }
}

extension DenseArray {
    /// This array with the masked pixels set to NaN. The mask covers the image axes (the last
    /// `mask.shape.count` axes) and applies to every leading frame.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public func masked(by mask: PixelMask) throws(OperatorError) -> DenseArray {
        guard shape.count >= mask.shape.count, Array(shape.suffix(mask.shape.count)) == mask.shape else {
            throw .shapeMismatch(expected: mask.shape, actual: shape)
        }
        let size = mask.flags.count
        return withUnsafeBufferPointer { src in
            DenseArray(uncheckedShape: shape) { out in
                mask.flags.withUnsafeBufferPointer { flags in
                    var offset = 0
                    while offset < src.count {
                        for i in 0..<size { out[offset + i] = flags[i] == 0 ? src[offset + i] : .nan }
                        offset += size
                    }
                }
            }
        }
    }

    /// This array with the values outside `range` set to NaN (EXtra-foam's threshold mask
    /// applied to each frame). NaN stays NaN.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public func thresholded(to range: ClosedRange<Double>) -> DenseArray {
        let lo = Element(rounding: range.lowerBound), hi = Element(rounding: range.upperBound)
        return withUnsafeBufferPointer { src in
            DenseArray(uncheckedShape: shape) { out in
                for i in 0..<src.count {
                    let v = src[i]
                    out[i] = v >= lo && v <= hi ? v : .nan
                }
            }
        }
    }
}
