/// Tight SIMD loops over contiguous Float buffers.
enum VectorKernels {
    /// out = a − b, element-wise; all three the same length (`out` may alias `a`).
    static func subtract(_ a: UnsafeBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>,
                         into out: UnsafeMutableBufferPointer<Float>) {
        let n = a.count
        guard n > 0 else { return }
        let pa = UnsafeRawPointer(a.baseAddress!), pb = UnsafeRawPointer(b.baseAddress!)
        let po = UnsafeMutableRawPointer(out.baseAddress!)
        let step = MemoryLayout<SIMD16<Float>>.size
        var i = 0
        while i + 16 <= n {
            let x = pa.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            let y = pb.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            po.storeBytes(of: x - y, toByteOffset: i * 4, as: SIMD16<Float>.self)
            i += step / 4
        }
        while i < n {
            out[i] = a[i] - b[i]
            i += 1
        }
    }

    /// acc[i] += Double(x[i]) for every i.
    @inline(__always)
    static func accumulate(_ x: UnsafePointer<Float>, into acc: UnsafeMutablePointer<Double>, count n: Int) {
        let px = UnsafeRawPointer(x), pa = UnsafeMutableRawPointer(acc)
        var i = 0
        while i + 8 <= n {
            let v = SIMD8<Double>(px.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self))
            let s = pa.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self)
            pa.storeBytes(of: s + v, toByteOffset: i * 8, as: SIMD8<Double>.self)
            i += 8
        }
        while i < n {
            acc[i] += Double(x[i])
            i += 1
        }
    }

    /// acc[i] += Σ_r Double(rows[r][i]) for every i: several rows summed in registers.
    @inline(__always)
    static func accumulate(_ rows: UnsafeBufferPointer<UnsafePointer<Float>>, into acc: UnsafeMutablePointer<Double>,
                           count n: Int) {
        let pa = UnsafeMutableRawPointer(acc)
        var i = 0
        while i + 8 <= n {
            var s = pa.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self)
            for r in rows {
                s += SIMD8<Double>(UnsafeRawPointer(r).loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self))
            }
            pa.storeBytes(of: s, toByteOffset: i * 8, as: SIMD8<Double>.self)
            i += 8
        }
        while i < n {
            var s = acc[i]
            for r in rows { s += Double(r[i]) }
            acc[i] = s
            i += 1
        }
    }

    /// acc[i] += x[i] and count[i] += 1 where x[i] is not NaN.
    @inline(__always)
    static func accumulateIgnoringNaN(_ x: UnsafePointer<Float>, into acc: UnsafeMutablePointer<Double>,
                                      counts: UnsafeMutablePointer<Double>, count n: Int) {
        let px = UnsafeRawPointer(x), pa = UnsafeMutableRawPointer(acc), pc = UnsafeMutableRawPointer(counts)
        var i = 0
        while i + 8 <= n {
            let v = SIMD8<Double>(px.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self))
            let ok = v .== v
            let s = pa.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self)
            let c = pc.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self)
            pa.storeBytes(of: s + v.replacing(with: 0, where: .!ok), toByteOffset: i * 8, as: SIMD8<Double>.self)
            pc.storeBytes(of: c + SIMD8<Double>(repeating: 0).replacing(with: 1, where: ok), toByteOffset: i * 8,
                          as: SIMD8<Double>.self)
            i += 8
        }
        while i < n {
            if !x[i].isNaN {
                acc[i] += Double(x[i])
                counts[i] += 1
            }
            i += 1
        }
    }
}
