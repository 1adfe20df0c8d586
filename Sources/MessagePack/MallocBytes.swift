import ByteSlices
import CMsgPack

/// Bytes that msgpack-c allocated with `malloc`, owned from now on and freed on deinit.
final class MallocBytes: ByteStorage, @unchecked Sendable {
    /// The owned bytes; never mutated once wrapped.
    let storageBytes: UnsafeRawBufferPointer

    /// Takes ownership of `count` bytes at `pointer`, which must come from `malloc`.
    init(taking pointer: UnsafeMutableRawPointer, count: Int) {
        storageBytes = UnsafeRawBufferPointer(start: pointer, count: count)
    }

    deinit { cmp_free(UnsafeMutableRawPointer(mutating: storageBytes.baseAddress)) }
}
