extension GaussianFilter {
    /// Smooths every image of `[…, rows, columns]`; the result has the input's shape and type.
    @_specialize(where E == Float)
    @_specialize(where E == Double)
    public func apply<E: DenseElement>(to image: DenseArray<E>) throws(OperatorError) -> DenseArray<E> {
        let (rows, columns) = try image.imageShape()
        let frame = rows * columns
        var scratch = Scratch()
        return image.withUnsafeBufferPointer { input in
            DenseArray<E>(uncheckedShape: image.shape) { out in
                guard frame > 0 else { return }
                for f in 0..<(image.count / frame) {
                    let range = (f * frame)..<((f + 1) * frame)
                    apply(UnsafeBufferPointer(rebasing: input[range]), rows: rows, columns: columns,
                          into: UnsafeMutableBufferPointer(rebasing: out[range]), scratch: &scratch)
                }
            }
        }
    }

    /// Reusable buffers for ``apply(_:rows:columns:into:scratch:)``: keep one per thread to
    /// smooth many frames without allocating.
    public struct Scratch: Sendable {
        var floats: [Float] = []
        var doubles: [Double] = []
        var floatLine: [Float] = []
        var doubleLine: [Double] = []
        var rowTable: [Int] = []
        public init() {}
    }

    /// Smooths one C-ordered `rows × columns` image into `output` (same size, not overlapping).
    public func apply<E: DenseElement>(_ input: UnsafeBufferPointer<E>, rows: Int, columns: Int,
                                       into output: UnsafeMutableBufferPointer<E>, scratch: inout Scratch) {
        precondition(input.count == rows * columns && output.count == input.count, "image size mismatch")
        guard rows > 0, columns > 0 else { return }
        scratch.rowTable = (-radius..<(rows + radius)).map { Self.reflect($0, rows) }
        if Specialize.isFloat(E.self) {
            let input = Specialize.cast(input, to: UnsafeBufferPointer<Float>.self)
            let output = Specialize.cast(output, to: UnsafeMutableBufferPointer<Float>.self)
            if scratch.floats.count < input.count { scratch.floats = [Float](repeating: 0, count: input.count) }
            switch accumulation {
            case .double: run(input, rows, columns, output, &scratch.floats, &scratch.doubleLine, scratch.rowTable)
            case .single: run(input, rows, columns, output, &scratch.floats, &scratch.floatLine, scratch.rowTable)
            }
        } else {
            let input = Specialize.cast(input, to: UnsafeBufferPointer<Double>.self)
            let output = Specialize.cast(output, to: UnsafeMutableBufferPointer<Double>.self)
            if scratch.doubles.count < input.count { scratch.doubles = [Double](repeating: 0, count: input.count) }
            run(input, rows, columns, output, &scratch.doubles, &scratch.doubleLine, scratch.rowTable)
        }
    }

    /// Both passes with elements `E` and accumulators `A`, called with concrete types so that
    /// they are specialised.
    private func run<E: DenseElement, A: DenseElement>(_ input: UnsafeBufferPointer<E>, _ rows: Int, _ columns: Int,
                                                       _ output: UnsafeMutableBufferPointer<E>, _ intermediate: inout [E],
                                                       _ line: inout [A], _ rowTable: [Int]) {
        let stripCount = (rows + 2 * radius) * Self.stripWidth
        if line.count < Swift.max(columns + 2 * radius, stripCount) {
            line = [A](repeating: 0, count: Swift.max(columns + 2 * radius, stripCount))
        }
        let w = weights.map { A(rounding: $0) }
        intermediate.withUnsafeMutableBufferPointer { mid in
            let mid = UnsafeMutableBufferPointer(rebasing: mid[0..<input.count])
            w.withUnsafeBufferPointer { w in
                line.withUnsafeMutableBufferPointer { line in
                    rowTable.withUnsafeBufferPointer { table in
                        verticalPass(input, rows: rows, columns: columns, into: mid, weights: w, rowTable: table, strip: line)
                    }
                    horizontalPass(UnsafeBufferPointer(mid), rows: rows, columns: columns, into: output,
                                   weights: w, line: line)
                }
            }
        }
    }

    /// Columns per strip of the vertical pass.
    static let stripWidth = 64

    /// Correlation along the rows axis (scipy's first pass), rounded to `E`.
    ///
    /// The image is walked in strips of ``stripWidth`` columns. Each strip, with its reflected
    /// halo of `radius` rows above and below, is first copied (and converted to `A`) into a
    /// contiguous buffer: image rows are often a power of two apart in memory, and the
    /// 2·radius + 1 rows a strip needs would then compete for the same L1 cache sets.
    func verticalPass<E: DenseElement, A: DenseElement>(
        _ input: UnsafeBufferPointer<E>, rows: Int, columns: Int, into out: UnsafeMutableBufferPointer<E>,
        weights w: UnsafeBufferPointer<A>, rowTable: UnsafeBufferPointer<Int>, strip: UnsafeMutableBufferPointer<A>
    ) {
        let r = radius
        let base = input.baseAddress!
        let width = Self.stripWidth
        let buffer = strip.baseAddress!
        for x0 in stride(from: 0, to: columns, by: width) {
            let x1 = Swift.min(x0 + width, columns)
            let n = x1 - x0
            // Strip row t holds image row reflect(t − r), columns x0 ..< x1, at buffer + t·width.
            for t in 0..<(rows + 2 * r) {
                let src = base + rowTable[t] * columns + x0
                let dst = buffer + t * width
                for i in 0..<n { dst[i] = A(rounding: src[i].double) }
            }
            for y in 0..<rows {
                let centre = buffer + (y + r) * width
                let dst = out.baseAddress! + y * columns + x0
                var x = 0
                while x + 16 <= n {
                    var a0 = A.load8(centre + x, as: A.self) * w[0]
                    var a1 = A.load8(centre + x + 8, as: A.self) * w[0]
                    var k = r
                    while k >= 1 {
                        let up = centre - k * width + x, down = centre + k * width + x
                        a0 += (A.load8(up, as: A.self) + A.load8(down, as: A.self)) * w[k]
                        a1 += (A.load8(up + 8, as: A.self) + A.load8(down + 8, as: A.self)) * w[k]
                        k -= 1
                    }
                    E.store8(a0, dst + x)
                    E.store8(a1, dst + x + 8)
                    x += 16
                }
                while x < n {
                    var acc = centre[x] * w[0]
                    var k = r
                    while k >= 1 {
                        acc += (centre[x - k * width] + centre[x + k * width]) * w[k]
                        k -= 1
                    }
                    dst[x] = E(rounding: acc.double)
                    x += 1
                }
            }
        }
    }

    /// Correlation along the columns axis (scipy's second pass), through a line buffer of
    /// accumulator type padded by `radius` reflected values on each side.
    func horizontalPass<E: DenseElement, A: DenseElement>(
        _ input: UnsafeBufferPointer<E>, rows: Int, columns: Int, into out: UnsafeMutableBufferPointer<E>,
        weights w: UnsafeBufferPointer<A>, line: UnsafeMutableBufferPointer<A>
    ) {
        let r = radius
        let centre = line.baseAddress! + r
        for y in 0..<rows {
            let src = input.baseAddress! + y * columns
            for i in 0..<columns { centre[i] = A(rounding: src[i].double) }
            var k = 1
            while k <= r {
                centre[-k] = centre[Self.reflect(-k, columns)]
                centre[columns - 1 + k] = centre[Self.reflect(columns - 1 + k, columns)]
                k += 1
            }
            let dst = out.baseAddress! + y * columns
            var x = 0
            while x + 16 <= columns {
                var a0 = A.load8(centre + x, as: A.self) * w[0]
                var a1 = A.load8(centre + x + 8, as: A.self) * w[0]
                k = r
                while k >= 1 {
                    a0 += (A.load8(centre + x - k, as: A.self) + A.load8(centre + x + k, as: A.self)) * w[k]
                    a1 += (A.load8(centre + x + 8 - k, as: A.self) + A.load8(centre + x + 8 + k, as: A.self)) * w[k]
                    k -= 1
                }
                E.store8(a0, dst + x)
                E.store8(a1, dst + x + 8)
                x += 16
            }
            while x < columns {
                var acc = centre[x] * w[0]
                k = r
                while k >= 1 {
                    acc += (centre[x - k] + centre[x + k]) * w[k]
                    k -= 1
                }
                dst[x] = E(rounding: acc.double)
                x += 1
            }
        }
    }
}

extension DenseElement {
    /// Eight consecutive elements converted to `A` (an unaligned load).
    @inline(__always)
    static func load8<A: DenseElement>(_ p: UnsafePointer<Self>, as _: A.Type) -> SIMD8<A> {
        if Self.self == A.self { return UnsafeRawPointer(p).loadUnaligned(as: SIMD8<A>.self) }
        if Self.self == Float.self {
            let wide = SIMD8<Double>(UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self))
            return unsafeBitCast(wide, to: SIMD8<A>.self)
        }
        let narrow = SIMD8<Float>(UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Double>.self))
        return unsafeBitCast(narrow, to: SIMD8<A>.self)
    }

    /// Stores eight accumulators rounded to `Self`.
    @inline(__always)
    static func store8<A: DenseElement>(_ v: SIMD8<A>, _ p: UnsafeMutablePointer<Self>) {
        if Self.self == A.self {
            UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<A>.self)
        } else if Self.self == Float.self {
            let narrow = SIMD8<Float>(unsafeBitCast(v, to: SIMD8<Double>.self))
            UnsafeMutableRawPointer(p).storeBytes(of: narrow, as: SIMD8<Float>.self)
        } else {
            let wide = SIMD8<Double>(unsafeBitCast(v, to: SIMD8<Float>.self))
            UnsafeMutableRawPointer(p).storeBytes(of: wide, as: SIMD8<Double>.self)
        }
    }
}
