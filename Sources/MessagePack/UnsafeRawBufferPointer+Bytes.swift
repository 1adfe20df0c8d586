import CMsgPack

extension UnsafeRawBufferPointer {
    /// Whether both buffers hold the same bytes (memcmp).
    func hasSameBytes(as other: UnsafeRawBufferPointer) -> Bool {
        guard count == other.count else { return false }
        guard count > 0, let a = baseAddress, let b = other.baseAddress else { return true }
        return cmp_bytes_equal(a, b, count)
    }
}

extension UnsafeRawBufferPointer {
    /// Whether every byte is below 0x80 (checked eight bytes at a time).
    var isASCII: Bool {
        guard let base = baseAddress else { return true }
        var bits: UInt64 = 0
        var index = 0
        while index + 8 <= count {
            bits |= base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < count {
            bits |= UInt64(base.load(fromByteOffset: index, as: UInt8.self))
            index += 1
        }
        return bits & 0x8080_8080_8080_8080 == 0
    }
}
