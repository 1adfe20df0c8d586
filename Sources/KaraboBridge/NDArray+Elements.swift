/// Reading elements as numbers.
extension NDArray {
    /// All elements as Doubles in C order; nil for non-numeric dtypes.
    public func doubles() -> [Double]? {
        guard let type = dtype.elementType else { return nil }
        let load = type.doubleLoader(bigEndian: dtype.isBigEndian)
        var out: [Double] = []
        out.reserveCapacity(count)
        buffer.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            forEachElementOffset { out.append(load(base.advanced(by: $0))) }
        }
        return out
    }

    /// Exact integer elements (for integer and bool dtypes), in C order. uint64 beyond Int64 are bit-cast.
    public func integers() -> [UInt64]? {
        guard dtype.kind == .unsignedInteger || dtype.kind == .signedInteger || dtype.kind == .bool else { return nil }
        var out: [UInt64] = []
        out.reserveCapacity(count)
        let size = dtype.itemSize, big = dtype.isBigEndian, signed = dtype.kind == .signedInteger
        buffer.withUnsafeBytes { raw in
            forEachElementOffset { offset in
                var v: UInt64 = 0
                let p = raw.baseAddress!.advanced(by: offset)
                for i in 0..<size {
                    let byte = UInt64(p.load(fromByteOffset: big ? size - 1 - i : i, as: UInt8.self))
                    v |= byte << (8 * UInt64(i))
                }
                if signed && size < 8 && (v >> (UInt64(size) * 8 - 1)) & 1 == 1 {
                    v |= ~UInt64(0) << (UInt64(size) * 8)
                }
                out.append(v)
            }
        }
        return out
    }

    /// Minimum, maximum and mean of a numeric array (NaNs ignored as numpy's nan-functions do not;
    /// here NaN propagates like numpy's `min`/`max`/`mean`). nil for empty or non-numeric arrays.
    public func statistics() -> (min: Double, max: Double, mean: Double)? {
        guard let type = dtype.elementType, count > 0 else { return nil }
        let load = type.doubleLoader(bigEndian: dtype.isBigEndian)
        var lo = Double.infinity, hi = -Double.infinity, sum = 0.0, sawNaN = false
        buffer.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            forEachElementOffset { offset in
                let v = load(base.advanced(by: offset))
                if v.isNaN { sawNaN = true }
                lo = Swift.min(lo, v); hi = Swift.max(hi, v); sum += v
            }
        }
        if sawNaN { return (.nan, .nan, .nan) }
        return (lo, hi, sum / Double(count))
    }
}
