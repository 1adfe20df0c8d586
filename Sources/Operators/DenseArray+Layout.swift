import KaraboBridge

extension DenseArray {
    /// A pulse-resolved detector array reordered pulses first, with the layout **named by the
    /// caller** (the protocol carries no axis labels; nothing here guesses).
    ///
    /// * `.file` — already `(pulses, …)`: converted as ``init(_:)`` (a view when possible).
    /// * `.online` — pulses last, with the two image axes before them in `(fs, ss)` order:
    ///   `(modules, fs, ss, pulses)` becomes `(pulses, modules, ss, fs)` and `(fs, ss, pulses)`
    ///   becomes `(pulses, ss, fs)`; a 2-D `(n, pulses)` becomes `(pulses, n)`. This always copies.
    ///
    /// - Throws: ``OperatorError/rankMismatch(expected:shape:)`` for fewer than two axes
    ///   (online) or none (file); ``OperatorError/unsupportedDType(_:)`` for non-numeric data.
    public init(pulsesFirst array: NDArray, layout: PulseLayout) throws(OperatorError) {
        switch layout {
        case .file:
            guard array.rank >= 1 else { throw .rankMismatch(expected: "a pulses-first array (pulses, …)", shape: array.shape) }
            try self.init(array)
        case .online:
            guard array.rank >= 2 else {
                throw .rankMismatch(expected: "an online array (…, fs, ss, pulses)", shape: array.shape)
            }
            let raw = try DenseArray(array)
            self = raw.onlineToPulsesFirst()
        }
    }

    /// `(lead…, fs, ss, pulses)` → `(pulses, lead…, ss, fs)`; rank 2 `(n, pulses)` → `(pulses, n)`.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    func onlineToPulsesFirst() -> DenseArray {
        let s = shape
        let pulses = s[rank - 1]
        if rank == 2 {
            let n = s[0]
            return withUnsafeBufferPointer { src in
                DenseArray(uncheckedShape: [pulses, n]) { out in
                    for i in 0..<n { for p in 0..<pulses { out[p * n + i] = src[i * pulses + p] } }
                }
            }
        }
        let fs = s[rank - 3], ss = s[rank - 2]
        let lead = s.prefix(rank - 3).reduce(1, *)
        let newShape = [pulses] + Array(s.prefix(rank - 3)) + [ss, fs]
        let image = fs * ss
        return withUnsafeBufferPointer { src in
            DenseArray(uncheckedShape: newShape) { out in
                guard image > 0, pulses > 0, lead > 0 else { return }
                OnlineReorder.run(src.baseAddress!, into: out.baseAddress!, dark: nil, perPulse: false,
                                  lead: lead, fs: fs, ss: ss, pulses: pulses)
            }
        }
    }
}
