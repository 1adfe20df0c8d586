#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file being written, with the few blocking calls the container needs. Use it on one
/// thread (the writer thread), never on the cooperative pool.
final class RawFile {
    let path: String
    private(set) var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Creates a new file (fails if it exists) for writing.
    static func create(_ path: String) throws(RecordingError) -> RawFile {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .fromErrno("create", path) }
        return RawFile(path: path, descriptor: fd)
    }

    /// Writes every byte of `pieces`, in order, with as few `writev` calls as possible.
    func write(_ pieces: [UnsafeRawBufferPointer]) throws(RecordingError) {
        var vectors = pieces.filter { $0.count > 0 }.map {
            iovec(iov_base: UnsafeMutableRawPointer(mutating: $0.baseAddress), iov_len: $0.count)
        }
        var start = 0
        let limit = 1024  // IOV_MAX on Linux
        while start < vectors.count {
            let batch = min(limit, vectors.count - start)
            let written = vectors.withUnsafeMutableBufferPointer { buffer in
                writev(descriptor, buffer.baseAddress! + start, Int32(batch))
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw .fromErrno("write", path)
            }
            // Skip what was written; a partial write leaves a partly written vector.
            var left = written
            while left > 0 && start < vectors.count {
                if left >= vectors[start].iov_len {
                    left -= vectors[start].iov_len
                    start += 1
                } else {
                    vectors[start].iov_base = vectors[start].iov_base! + left
                    vectors[start].iov_len -= left
                    left = 0
                }
            }
        }
    }

    /// Writes `bytes` at the end of what was written so far.
    func write(_ bytes: [UInt8]) throws(RecordingError) {
        let result: Result<Void, RecordingError> = bytes.withUnsafeBytes { raw in
            do throws(RecordingError) { try write([raw]); return .success(()) } catch { return .failure(error) }
        }
        try result.get()
    }

    /// Forces written data to the disk.
    func sync() throws(RecordingError) {
        guard fdatasync(descriptor) == 0 else { throw .fromErrno("sync", path) }
    }

    /// Closes the descriptor (safe to call twice).
    func close() {
        if descriptor >= 0 {
            closeDescriptor(descriptor)
            descriptor = -1
        }
    }

    deinit { close() }
}

@available(*, unavailable, message: "a RawFile belongs to one thread")
extension RawFile: Sendable {}

/// `close(2)`, reachable from types that have a `close()` method of their own.
func closeDescriptor(_ descriptor: Int32) {
    #if canImport(Glibc)
    _ = Glibc.close(descriptor)
    #else
    _ = Darwin.close(descriptor)
    #endif
}
