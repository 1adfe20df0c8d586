/// A recorded dark: the per-pulse mean to subtract from data trains ("dark as offset").
public struct DarkReference: Sendable, Equatable {
    /// The dark per element, e.g. `[pulses, rows, columns]`.
    public let mean: DenseArray<Float>
    /// Number of trains averaged.
    public let trainCount: Int
    /// How NaN darks were averaged.
    public let nanPolicy: NaNPolicy

    public init(mean: DenseArray<Float>, trainCount: Int, nanPolicy: NaNPolicy) {
        self.mean = mean
        self.trainCount = trainCount
        self.nanPolicy = nanPolicy
    }

    /// `train − dark` in Float: pulse p minus the dark of pulse p when the shapes are equal;
    /// when the dark has fewer leading axes (a single frame), it is subtracted from every frame.
    /// - Throws: ``OperatorError/shapeMismatch(expected:actual:)`` unless `train.shape` equals
    ///   the dark's shape or ends with it.
    public func subtract<E: DenseElement>(from train: DenseArray<E>) throws(OperatorError) -> DenseArray<Float> {
        guard train.shape.count >= mean.shape.count, Array(train.shape.suffix(mean.shape.count)) == mean.shape else {
            throw .shapeMismatch(expected: mean.shape, actual: train.shape)
        }
        if Specialize.isFloat(E.self) {
            let train = Specialize.cast(train, to: DenseArray<Float>.self)
            return train.withUnsafeBufferPointer { x in
                DenseArray<Float>(uncheckedShape: train.shape) { out in subtract(x, into: out) }
            }
        }
        return train.converted(to: Float.self).withUnsafeBufferPointer { x in
            DenseArray<Float>(uncheckedShape: train.shape) { out in subtract(x, into: out) }
        }
    }

    /// `out = input − dark`, the dark repeated over `input`'s leading frames: the
    /// allocation-free core of ``subtract(from:)``. `input.count` must be a multiple of the
    /// dark's element count; `out` may be `input` itself.
    public func subtract(_ input: UnsafeBufferPointer<Float>, into out: UnsafeMutableBufferPointer<Float>) {
        precondition(out.count == input.count && mean.count > 0 && input.count % mean.count == 0,
                     "input does not hold whole dark frames")
        mean.withUnsafeBufferPointer { dark in
            var offset = 0
            while offset < input.count {
                VectorKernels.subtract(UnsafeBufferPointer(rebasing: input[offset..<(offset + dark.count)]), dark,
                                       into: UnsafeMutableBufferPointer(rebasing: out[offset..<(offset + dark.count)]))
                offset += dark.count
            }
        }
    }
}
