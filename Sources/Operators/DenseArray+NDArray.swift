import ByteSlices
import KaraboBridge

extension DenseArray {
    /// The elements of a received array as `Element` values.
    ///
    /// **Zero copy** when `array` is C-contiguous, native little-endian `Element` (float32
    /// for `DenseArray<Float>`, float64 for `DenseArray<Double>`) and its first element is
    /// aligned to `MemoryLayout<Element>.alignment`: the result then views the received bytes
    /// (``isZeroCopy(_:)`` tells in advance). Otherwise the elements are **converted into a
    /// new buffer**: other numeric dtypes (e.g. uint16 raw ADC values, float64 into
    /// `DenseArray<Float>`, rounding), big-endian data, strided views (a pulse of an online
    /// array) and misaligned payloads. Booleans become 0 and 1.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public init(_ array: NDArray) throws(OperatorError) {
        guard array.dtype.isNumeric else { throw .unsupportedDType(array.dtype.numpyName) }
        if Self.isZeroCopy(array) {
            self.init(uncheckedShape: array.shape, storage: array.contiguousData)
            return
        }
        try Self.validate(array.shape)
        let data = array.contiguousData
        let dtype = array.dtype
        self.init(uncheckedShape: array.shape) { out in
            data.withUnsafeBytes { raw in Self.convert(raw, dtype: dtype, into: out) }
        }
    }

    /// Whether ``init(_:)`` views `array`'s bytes instead of copying them.
    public static func isZeroCopy(_ array: NDArray) -> Bool {
        guard array.dtype == Element.dtype, array.isContiguous else { return false }
        let address = array.buffer.withUnsafeBytes { Int(bitPattern: $0.baseAddress) } + array.byteOffset
        return address % MemoryLayout<Element>.alignment == 0
    }

    /// This array as an `NDArray` of dtype float32 or float64, viewing the same bytes.
    public var ndarray: NDArray {
        // The storage holds exactly count * itemSize bytes, so this cannot fail.
        try! NDArray(dtype: Element.dtype, shape: shape, data: storage)
    }

    /// Converts C-ordered elements of `dtype` (numeric, any byte order) into `out`.
    static func convert(_ raw: UnsafeRawBufferPointer, dtype: DType, into out: UnsafeMutableBufferPointer<Element>) {
        let n = out.count
        guard n > 0, let base = raw.baseAddress else { return }
        let swap = dtype.isBigEndian
        @inline(__always) func each<T: FixedWidthInteger>(_: T.Type, _ make: (T) -> Element) {
            for i in 0..<n {
                let v = base.loadUnaligned(fromByteOffset: i * MemoryLayout<T>.size, as: T.self)
                out[i] = make(swap ? v.byteSwapped : v)
            }
        }
        // Callers check that the dtype is numeric; anything else converts nothing.
        switch dtype.elementType {
        case .bool: each(UInt8.self) { $0 != 0 ? 1 : 0 }
        case .uint8: each(UInt8.self) { Element($0) }
        case .int8: each(Int8.self) { Element($0) }
        case .uint16: each(UInt16.self) { Element($0) }
        case .int16: each(Int16.self) { Element($0) }
        case .uint32: each(UInt32.self) { Element($0) }
        case .int32: each(Int32.self) { Element($0) }
        case .uint64: each(UInt64.self) { Element($0) }
        case .int64: each(Int64.self) { Element($0) }
        case .float16: each(UInt16.self) { Element(Float(Float16(bitPattern: $0))) }
        case .float32: each(UInt32.self) { Element(Float(bitPattern: $0)) }
        case .float64: each(UInt64.self) { Element(rounding: Double(bitPattern: $0)) }
        case nil: return
        }
    }

    /// The elements converted to another element type (a copy; rounding for Double → Float).
    public func converted<Other: DenseElement>(to _: Other.Type = Other.self) -> DenseArray<Other> {
        if let same = self as? DenseArray<Other> { return same }
        return withUnsafeBufferPointer { src in
            DenseArray<Other>(uncheckedShape: shape) { out in
                for i in 0..<src.count { out[i] = Other(rounding: src[i].double) }
            }
        }
    }
}
