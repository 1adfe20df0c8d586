import ByteSlices
import CZeroMQ

/// One received frame, owned without copying.
///
/// The `zmq_msg_t` lives on the heap (libzmq keeps small payloads inside it, so it must never
/// move) and is closed when the last reference goes. The bytes never change and stay at one
/// address for the object's lifetime, so frames can be shared across threads and sliced with
/// ``ByteSlice``.
public final class ZMQMessage: ByteStorage, @unchecked Sendable {
    /// The heap-allocated, received message.
    private let message: UnsafeMutablePointer<zmq_msg_t>
    /// The frame's bytes, read once after receiving.
    private let bytes: UnsafeRawBufferPointer

    /// Takes ownership of `message`, a received `zmq_msg_t` allocated with `allocate(capacity: 1)`.
    init(taking message: UnsafeMutablePointer<zmq_msg_t>) {
        self.message = message
        bytes = UnsafeRawBufferPointer(start: zmq_msg_data(message), count: zmq_msg_size(message))
    }

    deinit {
        _ = zmq_msg_close(message)
        message.deallocate()
    }

    /// The frame's bytes. Valid, unchanging and at one address while the message is alive.
    public var storageBytes: UnsafeRawBufferPointer { bytes }

    /// Size of the frame in bytes.
    public var count: Int { bytes.count }

    /// A slice over the whole frame, which keeps the message alive.
    public var slice: ByteSlice { ByteSlice(self) }
}
