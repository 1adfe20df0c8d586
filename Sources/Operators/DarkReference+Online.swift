import KaraboBridge

extension DarkReference {
    /// A received pulse-resolved array made pulses first and minus the dark: the same values as
    /// `subtract(from: DenseArray<Float>(pulsesFirst: array, layout: layout))`, but `.online`
    /// data (pulses last) are reordered and subtracted in one pass into one new array, instead
    /// of a reordered copy and then a second, subtracted one.
    ///
    /// With a `recycler`, the result is written into a buffer of an earlier result that nothing
    /// references any more (online layout).
    ///
    /// - Throws: as ``DenseArray/init(pulsesFirst:layout:)`` and ``subtract(from:)``.
    public func subtract(pulsesFirst array: NDArray, layout: PulseLayout,
                         recycler: BufferRecycler? = nil) throws(OperatorError) -> DenseArray<Float> {
        guard layout == .online, array.rank >= 3 else {
            return try subtract(from: try DenseArray<Float>(pulsesFirst: array, layout: layout))
        }
        let raw = try DenseArray<Float>(array)
        let s = raw.shape, rank = raw.rank
        let fs = s[rank - 3], ss = s[rank - 2], pulses = s[rank - 1]
        let lead = s.prefix(rank - 3).reduce(1, *)
        let shape = [pulses] + Array(s.prefix(rank - 3)) + [ss, fs]
        guard shape.count >= mean.rank, Array(shape.suffix(mean.rank)) == mean.shape else {
            throw .shapeMismatch(expected: mean.shape, actual: shape)
        }
        let frame = lead * ss * fs
        let perPulse = mean.count == frame * pulses
        guard perPulse || mean.count == frame, frame > 0, pulses > 0 else {
            return try subtract(from: raw.onlineToPulsesFirst())   // a dark of part of a frame: rare, two passes
        }
        return raw.withUnsafeBufferPointer { src in
            mean.withUnsafeBufferPointer { dark in
                let fill = { (out: UnsafeMutableBufferPointer<Float>) in
                    OnlineReorder.run(src.baseAddress!, into: out.baseAddress!, dark: dark.baseAddress!, perPulse: perPulse,
                                      lead: lead, fs: fs, ss: ss, pulses: pulses)
                }
                return recycler?.array(uncheckedShape: shape, initialize: fill) ?? DenseArray<Float>(uncheckedShape: shape, initialize: fill)
            }
        }
    }
}
