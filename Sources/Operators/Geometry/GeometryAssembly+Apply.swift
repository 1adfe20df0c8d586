extension GeometryAssembly {
    /// The leading (frame) axes of `shape` if its trailing axes are one frame of the geometry:
    /// `(…, modules, ss, fs)`, or for geometries without a module axis `(…, ss, fs)` or
    /// `(…, n, ss/n, fs)`.
    func leadingAxes(_ shape: [Int]) -> [Int]? {
        let frame = geometry.dataShape
        if shape.count >= frame.count, Array(shape.suffix(frame.count)) == frame { return Array(shape.dropLast(frame.count)) }
        if !geometry.hasModuleAxis, shape.count >= 3, shape[shape.count - 1] == frame[1],
           shape[shape.count - 3] * shape[shape.count - 2] == frame[0] {
            return Array(shape.dropLast(3))
        }
        return nil
    }

    /// Assembles `(…, frame)` data into `(…, rows, columns)` images; NaN where no pixel falls.
    ///
    /// - Throws: ``OperatorError/shapeMismatch(expected:actual:)`` unless the trailing axes are
    ///   one frame of the geometry (``PanelGeometry/dataShape``).
    public func assemble(_ stack: DenseArray<Float>) throws(OperatorError) -> DenseArray<Float> {
        guard let leading = leadingAxes(stack.shape) else {
            throw .shapeMismatch(expected: geometry.dataShape, actual: stack.shape)
        }
        let frames = leading.reduce(1, *)
        let inPixels = geometry.pixelCount, outPixels = rows * columns
        let placements = placements
        return try DenseArray<Float>(shape: leading + [rows, columns]) { out in
            stack.withUnsafeBufferPointer { src in
                guard let srcBase = src.baseAddress, let outBase = out.baseAddress else { return }
                for f in 0..<frames {
                    let o = outBase + f * outPixels
                    o.initialize(repeating: .nan, count: outPixels)
                    let s = srcBase + f * inPixels
                    for p in placements { Self.copy(p, from: s, to: o, fsCount: geometry.dataShape.last ?? 0) }
                }
            }
        }
    }

    /// Copies one panel; transposing placements go in 16 × 16 blocks to stay in cache.
    @inline(__always)
    static func copy(_ p: Placement, from src: UnsafePointer<Float>, to out: UnsafeMutablePointer<Float>, fsCount: Int) {
        let input = src + p.sourceStart
        let target = out + p.base
        if p.fsStep == 1 {
            for i in 0..<p.height {
                (target + i * p.ssStep).update(from: input + i * fsCount, count: p.width)
            }
        } else if p.fsStep == -1 {
            for i in 0..<p.height {
                let row = input + i * fsCount, to = target + i * p.ssStep
                for j in 0..<p.width { to[-j] = row[j] }
            }
        } else {
            let block = 16
            for i0 in stride(from: 0, to: p.height, by: block) {
                let i1 = min(i0 + block, p.height)
                for j0 in stride(from: 0, to: p.width, by: block) {
                    let j1 = min(j0 + block, p.width)
                    for j in j0..<j1 {
                        let to = target + j * p.fsStep
                        for i in i0..<i1 { to[i * p.ssStep] = input[i * fsCount + j] }
                    }
                }
            }
        }
    }
}
