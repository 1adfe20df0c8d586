import ByteSlices
import Synchronization

/// A few big result buffers reused from train to train.
///
/// A view that makes a new 268 MB array per train would otherwise get fresh memory each time
/// (glibc serves big blocks allocated off the main thread with `mmap`: every page is faulted
/// in and zeroed again). A buffer is handed out again only when no array views it any more
/// (no other reference to it exists), so arrays stay immutable once shared.
public final class BufferRecycler: Sendable {
    private let buffers: Mutex<[RecycledBytes]>
    /// At most this many buffers are kept.
    public let capacity: Int

    /// A recycler keeping up to `capacity` buffers (a consumer holding the last result or two,
    /// e.g. the runner's last values, needs 2–3).
    public init(capacity: Int = 3) {
        self.capacity = capacity
        buffers = Mutex([])
    }

    /// An array of `shape` written by `initialize`, in a free kept buffer of the same size when
    /// there is one, else in a new one (kept while fewer than `capacity` are).
    func array<E: DenseElement>(uncheckedShape shape: [Int],
                                initialize: (UnsafeMutableBufferPointer<E>) -> Void) -> DenseArray<E> {
        let count = shape.reduce(1, *)
        let bytes = count * MemoryLayout<E>.stride
        let buffer: RecycledBytes = buffers.withLock { kept in
            for i in kept.indices where kept[i].count == bytes && isKnownUniquelyReferenced(&kept[i]) {
                return kept[i]
            }
            let fresh = RecycledBytes(count: bytes)
            if kept.count < capacity {
                kept.append(fresh)
            } else if let i = kept.indices.first(where: { isKnownUniquelyReferenced(&kept[$0]) }) {
                kept[i] = fresh   // a free buffer of another size: replace it
            }
            return fresh
        }
        initialize(UnsafeMutableBufferPointer(start: buffer.pointer.assumingMemoryBound(to: E.self), count: count))
        return DenseArray(uncheckedShape: shape, storage: ByteSlice(buffer))
    }
}

/// A heap buffer, 64-byte aligned, rewritten only while nothing else references it.
final class RecycledBytes: ByteStorage, @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
    let count: Int

    init(count: Int) {
        self.count = count
        pointer = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count, 1), alignment: 64)
    }

    var storageBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: pointer, count: count) }

    deinit { pointer.deallocate() }
}
