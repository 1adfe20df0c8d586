#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive advisory lock (`flock`) on a file being written, held through a
/// close-on-exec descriptor of our own.
///
/// HDF5 takes the same lock itself, but on a descriptor opened without `O_CLOEXEC`: a
/// process spawned (by any thread) while the file is open inherits that descriptor and keeps
/// the file locked after we close it. So ``HDF5File`` turns HDF5's locking off and locks here.
/// Other HDF5 programs (h5py, h5dump) still see the lock and refuse to open the file.
///
/// A process being spawned holds a copy of the descriptor until it calls `exec`, so a lock
/// just released can look taken for a moment: a busy lock is retried for up to half a second.
final class FileLock {
    private let descriptor: Int32

    /// Opens (with `create`, creates; with `exclusive` too, only if missing) and locks `path`.
    init(path: String, create: Bool, exclusive: Bool, _ operation: String) throws(HDF5Error) {
        var flags = O_RDWR | O_CLOEXEC
        if create { flags |= O_CREAT | (exclusive ? O_EXCL : 0) }
        let descriptor = open(path, flags, 0o644)
        guard descriptor >= 0 else {
            let reason = errno == EEXIST ? "the file exists" : String(cString: strerror(errno))
            throw HDF5Error(operation, path: path, reason: reason)
        }
        guard Self.lock(descriptor) else {
            let reason = errno == EWOULDBLOCK ? "the file is open elsewhere (locked)" : String(cString: strerror(errno))
            close(descriptor)
            throw HDF5Error(operation, path: path, reason: reason)
        }
        self.descriptor = descriptor
    }

    /// Takes the lock, retrying while it is busy for up to half a second.
    private static func lock(_ descriptor: Int32) -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(500)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, ContinuousClock.now < deadline else { return false }
            usleep(2_000)
        }
        return true
    }

    deinit {
        close(descriptor)
    }
}
