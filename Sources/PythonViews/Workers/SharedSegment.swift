#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// A POSIX shared-memory segment made by this process, mapped read-write; workers map it read-only
/// by name (`/dev/shm/NAME`). The name is unlinked once a worker has attached (or at deinit), so a
/// crash later leaks nothing.
final class SharedSegment: @unchecked Sendable {
    /// The name without the leading `/` (as Python's `/dev/shm/NAME`).
    let name: String
    let base: UnsafeMutableRawPointer
    let size: Int
    private var linked = true

    private static let counter = Atomic<Int>(0)

    /// Makes a segment of at least `size` bytes, reserving its pages (a full `/dev/shm` is an error here,
    /// not a SIGBUS later).
    init(size: Int) throws(PythonError) {
        let n = Self.counter.wrappingAdd(1, ordering: .relaxed).oldValue
        let name = "trainspotter-py-\(getpid())-\(n)"
        let size = max(size, 4096)
        let fd = shm_open("/" + name, O_CREAT | O_EXCL | O_RDWR, 0o600)
        guard fd >= 0 else { throw PythonError(.sharedMemory, "shm_open \(name): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let reserved = posix_fallocate(fd, 0, off_t(size))
        guard reserved == 0 else {
            shm_unlink("/" + name)
            throw PythonError(.sharedMemory, "cannot reserve \(size) bytes of shared memory in /dev/shm: \(String(cString: strerror(reserved)))")
        }
        guard let p = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), p != UnsafeMutableRawPointer(bitPattern: -1) else {
            shm_unlink("/" + name)
            throw PythonError(.sharedMemory, "mmap \(name): \(String(cString: strerror(errno)))")
        }
        self.name = name
        self.base = p
        self.size = size
    }

    /// Removes the name (mappings stay valid).
    func unlink() {
        guard linked else { return }
        linked = false
        shm_unlink("/" + name)
    }

    deinit {
        unlink()
        munmap(base, size)
    }

    /// Removes segments left by processes that are gone (`/dev/shm/trainspotter-py-PID-*`).
    static func sweep() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/dev/shm") else { return }
        for file in names where file.hasPrefix("trainspotter-py-") {
            let parts = file.split(separator: "-")
            guard parts.count >= 4, let pid = Int32(parts[2]), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { shm_unlink("/" + file) }
        }
    }
}
