/// Which pixels of an image to leave out: one flag per pixel, **nonzero = masked** (pyFAI's
/// and EXtra-foam's convention).
///
/// Masks combine with ``union(_:)``, come from value ranges, hot-pixel searches and mask
/// files (see the `PixelMask+…` extensions), and are applied with
/// ``DenseArray/masked(by:)`` (masked pixels become NaN) or baked into an
/// ``AzimuthalIntegrator``.
public struct PixelMask: Sendable, Equatable {
    /// The image shape the mask belongs to (usually `[rows, columns]`).
    public let shape: [Int]
    /// One byte per pixel in C order; nonzero = masked.
    public let flags: [UInt8]

    /// A mask from per-pixel flags (nonzero = masked).
    public init(shape: [Int], flags: [UInt8]) throws(OperatorError) {
        try DenseArray<Float>.validate(shape)
        guard shape.reduce(1, *) == flags.count else {
            throw .invalidParameter(name: "mask", reason: "\(flags.count) flags do not fill shape \(shape)")
        }
        self.shape = shape
        self.flags = flags
    }

    /// A mask with no masked pixel.
    public static func none(shape: [Int]) throws(OperatorError) -> PixelMask {
        try DenseArray<Float>.validate(shape)
        return try PixelMask(shape: shape, flags: [UInt8](repeating: 0, count: shape.reduce(1, *)))
    }

    /// A mask from a numeric array (e.g. a loaded mask file): nonzero (or NaN) = masked.
    @_specialize(where E == Float)
    @_specialize(where E == Double)
    public init<E: DenseElement>(_ array: DenseArray<E>) {
        shape = array.shape
        flags = array.withUnsafeBufferPointer { values in values.map { $0 == 0 ? 0 : 1 } }
    }

    /// Number of masked pixels.
    public var maskedCount: Int { flags.reduce(0) { $0 + ($1 != 0 ? 1 : 0) } }

    /// Whether the pixel at a C-order flat index is masked.
    public func isMasked(_ flatIndex: Int) -> Bool { flags[flatIndex] != 0 }

    /// Pixels masked in either mask.
    public func union(_ other: PixelMask) throws(OperatorError) -> PixelMask {
        guard other.shape == shape else { throw .shapeMismatch(expected: shape, actual: other.shape) }
        var out = flags
        for i in out.indices where other.flags[i] != 0 { out[i] = 1 }
        return try PixelMask(shape: shape, flags: out)
    }

    /// The mask as numbers (1 = masked, 0 = valid), e.g. to publish it.
    public var array: DenseArray<Float> {
        DenseArray(uncheckedShape: shape) { out in
            for i in 0..<flags.count { out[i] = flags[i] != 0 ? 1 : 0 }
        }
    }
}
