/// Memory that stays at one address for as long as its owner lives.
///
/// Received ZeroMQ frames, heap buffers and memory-mapped files conform, so a
/// ``ByteSlice`` can view any of them without copying, and a socket can send
/// them without copying by keeping the owner alive until the send completes.
public protocol ByteStorage: AnyObject, Sendable {
    /// The whole buffer. Its base address must not change during the owner's lifetime,
    /// and the bytes must not be mutated once the storage is shared.
    var storageBytes: UnsafeRawBufferPointer { get }
}
