import ByteSlices
import KaraboBridge

/// Building result arrays from Swift numbers.
extension NDArray {
    /// A C-contiguous float64 array holding `values` with `shape` (default: 1-D).
    public static func float64(_ values: [Double], shape: [Int]? = nil) -> NDArray {
        make(values, dtype: .float64, shape: shape ?? [values.count])
    }

    /// A C-contiguous float32 array holding `values` with `shape` (default: 1-D).
    public static func float32(_ values: [Float], shape: [Int]? = nil) -> NDArray {
        make(values, dtype: .float32, shape: shape ?? [values.count])
    }

    private static func make<T: BitwiseCopyable>(_ values: [T], dtype: DType, shape: [Int]) -> NDArray {
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not hold \(values.count) values")
        let bytes = values.withUnsafeBytes { ByteSlice(HeapBytes(copying: $0)) }
        return try! NDArray(dtype: dtype, shape: shape, data: bytes)
    }
}
