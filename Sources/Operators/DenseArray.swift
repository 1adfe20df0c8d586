import ByteSlices

/// A C-contiguous array of `Float` or `Double` values: what every operator reads and returns.
///
/// The elements live in a ``ByteSlice`` that is aligned for `Element`, never mutated once
/// the array exists, and shared by copies of the array (and by ``ndarray`` views of it), so
/// passing arrays around copies nothing. An array made from a received `NDArray` views the
/// received bytes when they already are contiguous, aligned, native `Element` values (see
/// ``init(_:)``).
public struct DenseArray<Element: DenseElement>: Sendable {
    /// Extent of each axis, C order (last axis fastest).
    public let shape: [Int]
    /// The elements' bytes: `count * MemoryLayout<Element>.stride` bytes, aligned for `Element`.
    public let storage: ByteSlice
    /// Number of elements.
    public let count: Int

    /// Wraps storage the caller guarantees to match `shape` and to be aligned.
    init(uncheckedShape shape: [Int], storage: ByteSlice) {
        self.shape = shape
        self.storage = storage
        self.count = shape.reduce(1, *)
    }

    /// Allocates an array of `shape` and lets `initialize` write every element.
    /// Crashes on a negative extent (use the throwing initialisers for untrusted shapes).
    init(uncheckedShape shape: [Int], initialize: (UnsafeMutableBufferPointer<Element>) -> Void) {
        let count = shape.reduce(1, *)
        precondition(count >= 0 && shape.allSatisfy { $0 >= 0 }, "negative extent in \(shape)")
        let bytes = HeapBytes(count: count * MemoryLayout<Element>.stride) { (raw: UnsafeMutableRawBufferPointer) in
            initialize(raw.bindMemory(to: Element.self))
        }
        self.init(uncheckedShape: shape, storage: ByteSlice(bytes))
    }

    /// Allocates an array of `shape` and lets `initialize` write every element.
    public init(shape: [Int], initializingWith initialize: (UnsafeMutableBufferPointer<Element>) -> Void)
        throws(OperatorError)
    {
        try Self.validate(shape)
        self.init(uncheckedShape: shape, initialize: initialize)
    }

    /// An array of `shape` with every element `value`.
    public init(shape: [Int], repeating value: Element) throws(OperatorError) {
        try self.init(shape: shape) { $0.initialize(repeating: value) }
    }

    /// An array of `shape` holding `values` in C order.
    public init(shape: [Int], values: [Element]) throws(OperatorError) {
        try Self.validate(shape)
        guard shape.reduce(1, *) == values.count else {
            throw .invalidParameter(name: "values", reason: "\(values.count) values do not fill shape \(shape)")
        }
        self.init(uncheckedShape: shape) { out in
            values.withUnsafeBufferPointer { _ = out.initialize(fromContentsOf: $0) }
        }
    }

    /// Throws unless every extent is non-negative and the element count fits in memory.
    static func validate(_ shape: [Int]) throws(OperatorError) {
        var n = 1
        for extent in shape {
            guard extent >= 0 else { throw .invalidParameter(name: "shape", reason: "negative extent in \(shape)") }
            let (p, overflow) = n.multipliedReportingOverflow(by: extent)
            guard !overflow, p <= Int.max / 16 else { throw .invalidParameter(name: "shape", reason: "\(shape) is too large") }
            n = p
        }
    }

    /// Number of axes.
    public var rank: Int { shape.count }

    /// Calls `body` with the elements in C order. The pointer is valid only inside `body`.
    @inlinable
    public func withUnsafeBufferPointer<R, E: Error>(_ body: (UnsafeBufferPointer<Element>) throws(E) -> R) throws(E) -> R {
        try storage.withUnsafeBytes { (raw) throws(E) -> R in
            guard let base = raw.baseAddress, count > 0 else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
            return try body(UnsafeBufferPointer(start: base.assumingMemoryBound(to: Element.self), count: count))
        }
    }

    /// A copy of the elements, C order.
    public var values: [Element] { withUnsafeBufferPointer { Array($0) } }

    /// The element at a full index (one entry per axis). Crashes when out of range.
    public subscript(index: [Int]) -> Element {
        precondition(index.count == rank, "index \(index) does not match rank \(rank)")
        var flat = 0
        for (axis, i) in index.enumerated() {
            precondition(i >= 0 && i < shape[axis], "index \(index) out of range for shape \(shape)")
            flat = flat * shape[axis] + i
        }
        return withUnsafeBufferPointer { $0[flat] }
    }

    /// The same elements with another shape of the same element count. Copies nothing.
    public func reshaped(_ newShape: [Int]) throws(OperatorError) -> DenseArray {
        try Self.validate(newShape)
        guard newShape.reduce(1, *) == count else { throw .shapeMismatch(expected: shape, actual: newShape) }
        return DenseArray(uncheckedShape: newShape, storage: storage)
    }

    /// Number of frames along the first axis (1 for a rank-0 array).
    public var leadingCount: Int { shape.first ?? 1 }

    /// Elements per index of the first axis.
    var frameCount: Int { shape.isEmpty ? 1 : shape.dropFirst().reduce(1, *) }

    /// The sub-array at `index` of the first axis (e.g. one pulse of a pulses-first train). Copies nothing.
    public func frame(_ index: Int) throws(OperatorError) -> DenseArray {
        guard rank >= 1 else { throw .rankMismatch(expected: "at least one axis", shape: shape) }
        guard index >= 0 && index < shape[0] else { throw .pulseOutOfRange(index: index, pulseCount: shape[0]) }
        let stride = frameCount * MemoryLayout<Element>.stride
        let slice = storage.slice(offset: index * stride, count: stride)!
        return DenseArray(uncheckedShape: Array(shape.dropFirst()), storage: slice)
    }

    /// Whether two arrays share the very same memory (a zero-copy view of each other).
    public func isSameMemory(as other: DenseArray) -> Bool { storage.isSameMemory(as: other.storage) }

    /// The image axes: the last two extents `(rows, columns)`; throws for fewer than two axes.
    func imageShape() throws(OperatorError) -> (rows: Int, columns: Int) {
        guard rank >= 2 else { throw .rankMismatch(expected: "an image (…, rows, columns)", shape: shape) }
        return (shape[rank - 2], shape[rank - 1])
    }
}

extension DenseArray: Equatable {
    /// Same shape and bit-identical elements (NaNs with the same payload compare equal).
    public static func == (lhs: DenseArray, rhs: DenseArray) -> Bool {
        lhs.shape == rhs.shape && lhs.storage == rhs.storage
    }
}

extension DenseArray: CustomStringConvertible {
    public var description: String { "DenseArray<\(Element.self)>(\(shape))" }
}
