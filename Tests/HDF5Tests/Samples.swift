import HDF5

/// Deterministic test data.
enum Samples {
    /// `count` elements of `type` (varied, including negatives and fractions), as native bytes.
    static func bytes(_ type: HDF5ScalarType, count: Int, seed: Int = 0) -> [UInt8] {
        let n = (0..<count).map { $0 &* 7 &+ seed &* 13 }
        switch type {
        case .int8: return raw(n.map { Int8(truncatingIfNeeded: $0 - 60) })
        case .int16: return raw(n.map { Int16(truncatingIfNeeded: $0 * 131 - 3000) })
        case .int32: return raw(n.map { Int32(truncatingIfNeeded: $0 * 100_003 - 1_000_000) })
        case .int64: return raw(n.map { Int64($0) * 1_000_000_007 - (1 << 40) })
        case .uint8: return raw(n.map { UInt8(truncatingIfNeeded: $0) })
        case .uint16: return raw(n.map { UInt16(truncatingIfNeeded: $0 * 257) })
        case .uint32: return raw(n.map { UInt32(truncatingIfNeeded: $0 * 16_777_259) })
        case .uint64: return raw(n.map { UInt64($0) * 0x1_0000_0001 })
        case .float32: return raw(n.map { Float($0) * 0.25 - 10 })
        case .float64: return raw(n.map { Double($0) / 3 - 100 })
        case .bool: return raw(n.map { $0 % 3 == 0 })
        }
    }

    static func raw<T: BitwiseCopyable>(_ values: [T]) -> [UInt8] {
        values.withUnsafeBytes { Array($0) }
    }

    /// NumPy's `dtype.str` for each type on a little-endian machine, as h5py reports it.
    static func numpyDtype(_ type: HDF5ScalarType) -> String {
        switch type {
        case .int8: "|i1"
        case .int16: "<i2"
        case .int32: "<i4"
        case .int64: "<i8"
        case .uint8: "|u1"
        case .uint16: "<u2"
        case .uint32: "<u4"
        case .uint64: "<u8"
        case .float32: "<f4"
        case .float64: "<f8"
        case .bool: "|b1"
        }
    }

    /// Copies a C-ordered block (`count` at `start`) into a C-ordered array of `shape`.
    static func place(_ block: [UInt8], into full: inout [UInt8], shape: [Int], start: [Int], count: [Int],
                      elementSize: Int) {
        let blockElements = count.reduce(1, *)
        for flat in 0..<blockElements {
            var rest = flat, target = 0, stride = 1
            for dim in shape.indices.reversed() {
                let index = rest % count[dim]
                rest /= count[dim]
                target += (start[dim] + index) * stride
                stride *= shape[dim]
            }
            for byte in 0..<elementSize {
                full[target * elementSize + byte] = block[flat * elementSize + byte]
            }
        }
    }

    /// The name used for a type's dataset.
    static func name(_ type: HDF5ScalarType) -> String { "\(type)" }
}
