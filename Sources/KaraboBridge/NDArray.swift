import ByteSlices

/// An n-dimensional array that views bytes it does not own a copy of.
///
/// Arrays decoded from the wire view the received frame (zero copy). Slicing an axis,
/// e.g. taking one pulse, gives another view with adjusted strides, still without copying.
public struct NDArray: Sendable {
    /// Element type.
    public let dtype: DType
    /// Extent of each axis.
    public let shape: [Int]
    /// Byte step of each axis. C-contiguous arrays have strides `[…, shape[-1]*itemSize, itemSize]`.
    public let strides: [Int]
    /// The memory the elements live in; element `[0, …, 0]` is at `byteOffset`.
    public let buffer: ByteSlice
    /// Byte offset of the first element inside `buffer`.
    public let byteOffset: Int

    /// A C-contiguous array over `data`, which must hold exactly `product(shape) * itemSize` bytes
    /// (any length for opaque dtypes without a known size).
    ///
    /// Elements of zero size (opaque dtypes of unknown size, `|S0`) are bounded by the bytes
    /// received: at most `max(1, data.count)` of them, so no declared shape can make code that
    /// walks the elements run (or allocate) beyond what arrived.
    public init(dtype: DType, shape: [Int], data: ByteSlice) throws(ArrayLayoutError) {
        let elements = try NDArray.elementCount(shape)
        if dtype.itemSize == 0, elements > Swift.max(1, data.count) {
            throw .elementsExceedBytes(elements: elements, bytes: data.count, dtype: dtype.wireName, shape: shape)
        }
        if dtype.itemSize > 0 || dtype.kind != .opaque {
            let (bytes, overflow) = elements.multipliedReportingOverflow(by: dtype.itemSize)
            guard !overflow else { throw .shapeOverflow(shape: shape) }
            // The largest stride (non-zero extents times the item size) must fit as well.
            let span = shape.reduce(1) { $0 * Swift.max($1, 1) }
            guard !span.multipliedReportingOverflow(by: dtype.itemSize).overflow else { throw .shapeOverflow(shape: shape) }
            guard bytes == data.count else {
                throw .sizeMismatch(expected: bytes, actual: data.count, dtype: dtype.wireName, shape: shape)
            }
        }
        self.dtype = dtype
        self.shape = shape
        self.strides = NDArray.contiguousStrides(shape: shape, itemSize: dtype.itemSize)
        self.buffer = data
        self.byteOffset = 0
    }

    /// A view with explicit strides (no validation beyond what the caller guarantees).
    init(dtype: DType, shape: [Int], strides: [Int], buffer: ByteSlice, byteOffset: Int) {
        self.dtype = dtype
        self.shape = shape
        self.strides = strides
        self.buffer = buffer
        self.byteOffset = byteOffset
    }

    /// Number of elements, checking for overflow and negative extents.
    ///
    /// As numpy does, the product of the non-zero extents must not overflow either, even when
    /// another extent is 0: strides and sub-array offsets of `[0, 2^40, 2^40]` would.
    public static func elementCount(_ shape: [Int]) throws(ArrayLayoutError) -> Int {
        var n = 1, span = 1
        for extent in shape {
            guard extent >= 0 else { throw .negativeExtent(shape: shape) }
            let (p, overflow) = span.multipliedReportingOverflow(by: Swift.max(extent, 1))
            guard !overflow else { throw .shapeOverflow(shape: shape) }
            span = p
            n = extent == 0 ? 0 : n &* extent
        }
        return n
    }

    static func contiguousStrides(shape: [Int], itemSize: Int) -> [Int] {
        var strides = [Int](repeating: itemSize, count: shape.count)
        var step = itemSize
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = step
            step *= Swift.max(shape[axis], 1)
        }
        return strides
    }

    /// Number of elements.
    public var count: Int { shape.reduce(1, *) }
    /// Number of axes.
    public var rank: Int { shape.count }
    /// Size of the elements in bytes (`count * itemSize`).
    public var byteCount: Int { count * dtype.itemSize }

    /// Whether the elements are laid out C-contiguously in `buffer`.
    public var isContiguous: Bool {
        count == 0 || strides == NDArray.contiguousStrides(shape: shape, itemSize: dtype.itemSize)
    }

    /// The raw C-order bytes: a zero-copy slice when contiguous, else a packed copy.
    public var contiguousData: ByteSlice {
        if isContiguous, let s = buffer.slice(offset: byteOffset, count: byteCount) { return s }
        let item = dtype.itemSize
        let storage = HeapBytes(count: byteCount) { (out: UnsafeMutableRawBufferPointer) in
            buffer.withUnsafeBytes { src in
                var written = 0
                forEachElementOffset { offset in
                    out.baseAddress!.advanced(by: written).copyMemory(from: src.baseAddress!.advanced(by: offset), byteCount: item)
                    written += item
                }
            }
        }
        return ByteSlice(storage)
    }

    /// Calls `body` with the byte offset (inside `buffer`) of every element, in C order.
    func forEachElementOffset(_ body: (Int) -> Void) {
        let n = count
        guard n > 0 else { return }
        if shape.isEmpty { body(byteOffset); return }
        var index = [Int](repeating: 0, count: shape.count)
        var offset = byteOffset
        let last = shape.count - 1
        for _ in 0..<n {
            body(offset)
            var axis = last
            while axis >= 0 {
                index[axis] += 1
                offset += strides[axis]
                if index[axis] < shape[axis] { break }
                offset -= strides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }

    /// The sub-array at `index` along `axis`, with that axis removed. Copies nothing.
    public func selecting(axis: Int, index: Int) -> NDArray? {
        guard axis >= 0, axis < shape.count, index >= 0, index < shape[axis] else { return nil }
        var newShape = shape, newStrides = strides
        newShape.remove(at: axis)
        newStrides.remove(at: axis)
        return NDArray(dtype: dtype, shape: newShape, strides: newStrides, buffer: buffer,
                       byteOffset: byteOffset + index * strides[axis])
    }
}

/// Why an array's declared layout does not fit its bytes.
public enum ArrayLayoutError: Error, Sendable, Equatable, CustomStringConvertible {
    case negativeExtent(shape: [Int])
    case shapeOverflow(shape: [Int])
    case sizeMismatch(expected: Int, actual: Int, dtype: String, shape: [Int])
    /// A dtype of unknown (zero) item size declares more elements than bytes arrived.
    case elementsExceedBytes(elements: Int, bytes: Int, dtype: String, shape: [Int])

    public var description: String {
        switch self {
        case let .negativeExtent(shape): return "shape \(shape) has a negative extent"
        case let .shapeOverflow(shape): return "shape \(shape) overflows the element count"
        case let .sizeMismatch(expected, actual, dtype, shape):
            return "array of \(dtype) \(shape) needs \(expected) bytes but the payload has \(actual)"
        case let .elementsExceedBytes(elements, bytes, dtype, shape):
            return "array of \(dtype) \(shape) declares \(elements) elements of unknown size but the payload has only \(bytes) bytes"
        }
    }
}

extension NDArray: Equatable {
    /// Same dtype, shape and logical element bytes.
    public static func == (lhs: NDArray, rhs: NDArray) -> Bool {
        lhs.dtype == rhs.dtype && lhs.shape == rhs.shape && lhs.contiguousData == rhs.contiguousData
    }
}

extension NDArray: CustomStringConvertible {
    public var description: String { "NDArray(\(dtype.numpyName), \(shape))" }
}
