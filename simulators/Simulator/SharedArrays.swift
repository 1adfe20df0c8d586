import ByteSlices
import KaraboBridge

/// Constant arrays shared by every train (zero-copy): zero gain maps and index ranges.
final class SharedArrays: Sendable {
    private let zero: ByteSlice
    private let indices: ByteSlice
    private let maxIndex: Int

    /// - Parameters:
    ///   - zeroBytes: the largest all-zero array any train needs.
    ///   - maxCount: the longest index range (`arange`) any train needs.
    init(zeroBytes: Int, maxCount: Int) {
        zero = ByteSlice(HeapBytes(zeroedCount: zeroBytes))
        maxIndex = maxCount
        indices = ByteSlice(HeapBytes(count: maxCount * 8 * 3) { (buffer: UnsafeMutableRawBufferPointer) in
            // uint64, then uint16, then uint8 ranges.
            let u64 = buffer.baseAddress!.assumingMemoryBound(to: UInt64.self)
            let u16 = (buffer.baseAddress! + maxCount * 8).assumingMemoryBound(to: UInt16.self)
            let u8 = (buffer.baseAddress! + maxCount * 16).assumingMemoryBound(to: UInt8.self)
            for i in 0..<maxCount {
                u64[i] = UInt64(i)
                u16[i] = UInt16(truncatingIfNeeded: i)
                u8[i] = UInt8(truncatingIfNeeded: i)
            }
        })
    }

    /// An all-zero array.
    func zeros(_ dtype: DType, _ shape: [Int]) -> NDArray {
        let bytes = shape.reduce(1, *) * dtype.itemSize
        return try! NDArray(dtype: dtype, shape: shape, data: bytes == 0 ? .empty : zero.slice(offset: 0, count: bytes)!)
    }

    /// `arange(count)` as uint64, uint16 or uint8.
    func arange(_ dtype: DType, _ count: Int) -> NDArray {
        precondition(count <= maxIndex)
        let offset: Int
        switch dtype {
        case .uint64: offset = 0
        case .uint16: offset = maxIndex * 8
        default: offset = maxIndex * 16
        }
        let data = count == 0 ? ByteSlice.empty : indices.slice(offset: offset, count: count * dtype.itemSize)!
        return try! NDArray(dtype: dtype, shape: [count], data: data)
    }
}
