import ByteSlices
import KaraboBridge

extension NDArray {
    /// A C-contiguous 1-D int32 array (e.g. pixel counts of a peak list).
    public static func int32(_ values: [Int32]) -> NDArray { column(values, dtype: .int32) }

    /// A C-contiguous 1-D uint8 array (e.g. per-frame hit flags, 0 or 1).
    public static func uint8(_ values: [UInt8]) -> NDArray { column(values, dtype: .uint8) }

    private static func column<T: BitwiseCopyable>(_ values: [T], dtype: DType) -> NDArray {
        let bytes = values.withUnsafeBytes { ByteSlice(HeapBytes(copying: $0)) }
        // A 1-D shape always matches its own element count.
        return try! NDArray(dtype: dtype, shape: [values.count], data: bytes)
    }
}
