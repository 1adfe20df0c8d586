extension DenseArray {
    /// The selected pulses of a pulses-first train `[pulses, …]`, in selection order.
    /// A contiguous run with step 1 is a view (no copy); other selections copy.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public func selectingPulses(_ selection: PulseSelection) throws(OperatorError) -> DenseArray {
        guard rank >= 1 else { throw .rankMismatch(expected: "a pulses-first train [pulses, …]", shape: shape) }
        let picked = try selection.resolve(pulseCount: shape[0])
        var newShape = shape
        newShape[0] = picked.count
        let frame = frameCount
        if let first = picked.first, picked.last == first + picked.count - 1,
           picked.elementsEqual(first..<(first + picked.count)) {
            let stride = frame * MemoryLayout<Element>.stride
            let slice = storage.slice(offset: first * stride, count: picked.count * stride)!
            return DenseArray(uncheckedShape: newShape, storage: slice)
        }
        if picked.isEmpty { return DenseArray(uncheckedShape: newShape) { _ in } }
        return withUnsafeBufferPointer { src in
            DenseArray(uncheckedShape: newShape) { out in
                for (k, p) in picked.enumerated() {
                    _ = UnsafeMutableBufferPointer(rebasing: out[(k * frame)..<((k + 1) * frame)])
                        .initialize(fromContentsOf: src[(p * frame)..<((p + 1) * frame)])
                }
            }
        }
    }

    /// The mean over the selected pulses of a pulses-first train `[pulses, …]`: shape `[…]`,
    /// accumulated in Double, rounded to `Element` once.
    /// - Throws: ``OperatorError/invalidParameter(name:reason:)`` when the selection is empty.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public func pulseMean(_ selection: PulseSelection = .all, nanPolicy: NaNPolicy = .propagate) throws(OperatorError) -> DenseArray {
        guard rank >= 1 else { throw .rankMismatch(expected: "a pulses-first train [pulses, …]", shape: shape) }
        let picked = try selection.resolve(pulseCount: shape[0])
        guard !picked.isEmpty else { throw .invalidParameter(name: "pulses", reason: "the selection holds no pulse") }
        let frame = frameCount
        return withUnsafeBufferPointer { src in
            DenseArray(uncheckedShape: Array(shape.dropFirst())) { out in
                PulseMean.compute(src, frame: frame, pulses: picked, nanPolicy: nanPolicy, into: out)
            }
        }
    }
}

/// Mean over pulses, block by block: a block of Double accumulators (128 KiB, in L2) gets
/// the pulses added a few at a time in registers, each pulse's block being one long
/// contiguous read. Block and group sizes were chosen by `trainspotter bench operators`.
enum PulseMean {
    /// Elements per block.
    static let block = 16384
    /// Pulses added per pass over a block.
    static let group = 4

    static func compute<E: DenseElement>(_ src: UnsafeBufferPointer<E>, frame: Int, pulses: [Int],
                                         nanPolicy: NaNPolicy, into out: UnsafeMutableBufferPointer<E>) {
        guard frame > 0 else { return }
        let acc = UnsafeMutablePointer<Double>.allocate(capacity: block)
        let counts = UnsafeMutablePointer<Double>.allocate(capacity: block)
        let rows = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: Self.group)
        defer { acc.deallocate(); counts.deallocate(); rows.deallocate() }
        let n = Double(pulses.count)
        var start = 0
        while start < frame {
            let len = Swift.min(block, frame - start)
            acc.initialize(repeating: 0, count: len)
            counts.initialize(repeating: 0, count: len)
            if E.self == Float.self && nanPolicy == .propagate {
                // Groups of pulses are added into Double registers, 8 elements at a time, so
                // the block accumulator is loaded and stored once per group.
                let base = UnsafeRawPointer(src.baseAddress!).assumingMemoryBound(to: Float.self)
                var g = 0
                while g < pulses.count {
                    let n = Swift.min(Self.group, pulses.count - g)
                    for r in 0..<n { rows[r] = base + pulses[g + r] * frame + start }
                    VectorKernels.accumulate(UnsafeBufferPointer(start: rows, count: n), into: acc, count: len)
                    g += Self.group
                }
            } else {
                for p in pulses {
                    let x = src.baseAddress! + p * frame + start
                    if E.self == Float.self {
                        let xf = UnsafeRawPointer(x).assumingMemoryBound(to: Float.self)
                        VectorKernels.accumulateIgnoringNaN(xf, into: acc, counts: counts, count: len)
                    } else {
                        for i in 0..<len {
                            let v = x[i].double
                            if nanPolicy == .ignore {
                                if v.isNaN { continue }
                                counts[i] += 1
                            }
                            acc[i] += v
                        }
                    }
                }
            }
            let o = out.baseAddress! + start
            switch nanPolicy {
            case .propagate:
                for i in 0..<len { o[i] = E(rounding: acc[i] / n) }
            case .ignore:
                for i in 0..<len { o[i] = counts[i] == 0 ? .nan : E(rounding: acc[i] / counts[i]) }
            }
            start += len
        }
    }
}
