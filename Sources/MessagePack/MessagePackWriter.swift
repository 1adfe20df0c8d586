import ByteSlices
import CMsgPack

/// Packs values with msgpack-c into a growing buffer, choosing the smallest encodings as
/// Python's `msgpack.packb(..., use_bin_type=True)` does: non-negative integers as
/// positive fixint or uint 8/16/32/64, negative ones as negative fixint or int 8/16/32/64,
/// `Double` as float64, `Float` as float32, `String` as fixstr/str 8/16/32 and bytes as
/// bin 8/16/32.
///
/// Containers are written as a header (``beginArray(count:)`` / ``beginMap(count:)``)
/// followed by exactly that many elements (maps: key, value, key, value, …).
/// Not thread-safe: use one writer per task.
public final class MessagePackWriter {
    /// msgpack-c's buffer and packer, heap-allocated so they never move.
    private let buffer: UnsafeMutablePointer<msgpack_sbuffer>
    let packer: UnsafeMutablePointer<msgpack_packer>

    /// An empty writer.
    public init() {
        guard let buffer = msgpack_sbuffer_new() else { fatalError("msgpack: out of memory") }
        guard let packer = cmp_packer_new_sbuffer(buffer) else {
            msgpack_sbuffer_free(buffer)
            fatalError("msgpack: out of memory")
        }
        self.buffer = buffer
        self.packer = packer
    }

    deinit {
        msgpack_packer_free(packer)
        msgpack_sbuffer_free(buffer)
    }

    /// Number of bytes written since the last ``finish()``.
    public var count: Int { buffer.pointee.size }

    /// Hands over the packed bytes without copying (the writer's buffer becomes the
    /// storage of the returned slice) and resets the writer for the next message.
    public func finish() -> ByteSlice {
        let size = buffer.pointee.size
        guard let data = msgpack_sbuffer_release(buffer) else { return ByteSlice.empty }
        return ByteSlice(MallocBytes(taking: UnsafeMutableRawPointer(data), count: size))
    }

    /// Fails loudly when msgpack-c could not grow its buffer.
    @inline(__always)
    func check(_ status: Int32) {
        if status != 0 { fatalError("msgpack: out of memory while packing") }
    }

    /// Checks a length for the 32-bit size fields of the format.
    @inline(__always)
    func checkedLength(_ length: Int, _ what: @autoclosure () -> String) -> Int {
        precondition(length >= 0 && length <= Int(UInt32.max), what())
        return length
    }
}

@available(*, unavailable, message: "a MessagePackWriter belongs to one task")
extension MessagePackWriter: Sendable {}
