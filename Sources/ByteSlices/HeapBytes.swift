/// A heap buffer, 64-byte aligned, that is filled once and then shared read-only.
public final class HeapBytes: ByteStorage, @unchecked Sendable {
    private let memory: UnsafeMutableRawBufferPointer

    /// The buffer's bytes.
    public var storageBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(memory) }

    /// Allocates `count` bytes and lets `initialize` fill them before the buffer is shared.
    public init<E: Error>(
        count: Int, initialize: (UnsafeMutableRawBufferPointer) throws(E) -> Void
    ) throws(E) {
        precondition(count >= 0, "negative byte count")
        let raw = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count, 1), alignment: 64)
        memory = UnsafeMutableRawBufferPointer(start: raw, count: count)
        do {
            try initialize(memory)
        } catch {
            raw.deallocate()
            throw error
        }
    }

    /// Allocates `count` zeroed bytes.
    public convenience init(zeroedCount count: Int) {
        self.init(count: count) { (buffer: UnsafeMutableRawBufferPointer) in
            if count > 0 { buffer.initializeMemory(as: UInt8.self, repeating: 0) }
        }
    }

    /// Copies `bytes` into a new buffer.
    public convenience init(copying bytes: UnsafeRawBufferPointer) {
        self.init(count: bytes.count) { (buffer: UnsafeMutableRawBufferPointer) in
            if bytes.count > 0 { buffer.copyMemory(from: bytes) }
        }
    }

    deinit { memory.baseAddress?.deallocate() }
}
