import ByteSlices
import KaraboBridge

/// Building small per-train arrays.
enum ArrayMaker {
    /// A 1-D array of `values` stored as `T`.
    static func make<T: BitwiseCopyable>(_ dtype: DType, _ values: [T], shape: [Int]? = nil) -> NDArray {
        let bytes = values.count * MemoryLayout<T>.stride
        let data = bytes == 0 ? ByteSlice.empty : ByteSlice(HeapBytes(count: bytes) { (buffer: UnsafeMutableRawBufferPointer) in
            values.withUnsafeBytes { buffer.copyMemory(from: $0) }
        })
        return try! NDArray(dtype: dtype, shape: shape ?? [values.count], data: data)
    }

    /// A 1-D bool array.
    static func bools(_ values: [Bool]) -> NDArray {
        make(.bool, values.map { $0 ? UInt8(1) : UInt8(0) })
    }
}
