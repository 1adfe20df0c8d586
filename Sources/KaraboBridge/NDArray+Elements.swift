/// Reading elements as numbers.
extension NDArray {
    /// Element at a byte offset inside `buffer`, as a Double (nil for non-numeric dtypes).
    @inline(__always)
    func doubleValue(in raw: UnsafeRawBufferPointer, at offset: Int) -> Double? {
        let p = raw.baseAddress!.advanced(by: offset)
        let big = dtype.isBigEndian
        switch (dtype.kind, dtype.itemSize) {
        case (.bool, 1): return p.load(as: UInt8.self) != 0 ? 1 : 0
        case (.unsignedInteger, 1): return Double(p.load(as: UInt8.self))
        case (.signedInteger, 1): return Double(p.load(as: Int8.self))
        case (.unsignedInteger, 2):
            let v = p.loadUnaligned(as: UInt16.self); return Double(big ? v.byteSwapped : v)
        case (.signedInteger, 2):
            let v = p.loadUnaligned(as: Int16.self); return Double(big ? v.byteSwapped : v)
        case (.unsignedInteger, 4):
            let v = p.loadUnaligned(as: UInt32.self); return Double(big ? v.byteSwapped : v)
        case (.signedInteger, 4):
            let v = p.loadUnaligned(as: Int32.self); return Double(big ? v.byteSwapped : v)
        case (.unsignedInteger, 8):
            let v = p.loadUnaligned(as: UInt64.self); return Double(big ? v.byteSwapped : v)
        case (.signedInteger, 8):
            let v = p.loadUnaligned(as: Int64.self); return Double(big ? v.byteSwapped : v)
        case (.float, 2):
            let v = p.loadUnaligned(as: UInt16.self)
            return Double(Float16(bitPattern: big ? v.byteSwapped : v))
        case (.float, 4):
            let v = p.loadUnaligned(as: UInt32.self)
            return Double(Float(bitPattern: big ? v.byteSwapped : v))
        case (.float, 8):
            let v = p.loadUnaligned(as: UInt64.self)
            return Double(bitPattern: big ? v.byteSwapped : v)
        default: return nil
        }
    }

    /// All elements as Doubles in C order; nil for non-numeric dtypes.
    public func doubles() -> [Double]? {
        guard dtype.isNumeric else { return nil }
        var out: [Double] = []
        out.reserveCapacity(count)
        buffer.withUnsafeBytes { raw in
            forEachElementOffset { out.append(doubleValue(in: raw, at: $0)!) }
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
        guard dtype.isNumeric, count > 0 else { return nil }
        var lo = Double.infinity, hi = -Double.infinity, sum = 0.0, sawNaN = false
        buffer.withUnsafeBytes { raw in
            forEachElementOffset { offset in
                let v = doubleValue(in: raw, at: offset)!
                if v.isNaN { sawNaN = true }
                lo = Swift.min(lo, v); hi = Swift.max(hi, v); sum += v
            }
        }
        if sawNaN { return (.nan, .nan, .nan) }
        return (lo, hi, sum / Double(count))
    }
}
