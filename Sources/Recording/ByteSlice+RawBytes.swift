import ByteSlices

extension ByteSlice {
    /// The bytes the slice views, as a pointer that stays valid while the slice's storage
    /// lives (``ByteStorage`` keeps its address for its lifetime). Keep the slice alive
    /// (`withExtendedLifetime`) for as long as the pointer is used.
    var stableBytes: UnsafeRawBufferPointer {
        let whole = storage.storageBytes
        guard let base = whole.baseAddress else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: base + offset, count: count)
    }
}
