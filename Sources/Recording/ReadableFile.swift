import ByteSlices
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file open read-only. `pread` and `mmap` need no shared position, so any thread may use
/// it, but every call blocks: call from a dedicated thread.
final class ReadableFile: Sendable {
    let path: String
    let descriptor: Int32

    init(_ path: String) throws(RecordingError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .fromErrno("open", path) }
        self.path = path
        self.descriptor = fd
    }

    deinit { closeDescriptor(descriptor) }

    /// The file's current size.
    func size() throws(RecordingError) -> Int {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .fromErrno("stat", path) }
        return Int(info.st_size)
    }

    /// Reads `count` bytes at `offset`; nil when the file ends first.
    func read(count: Int, at offset: Int) throws(RecordingError) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .fromErrno("read", path)
            }
            if n == 0 { return nil }
            done += n
        }
        return bytes
    }
}

/// A read-only memory map of part of a file, unmapped when the last slice of it goes away.
final class MappedRegion: ByteStorage, @unchecked Sendable {
    private let base: UnsafeMutableRawPointer
    private let mappedLength: Int
    private let start: Int
    private let count: Int

    var storageBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base + start, count: count) }

    /// Maps `count` bytes at `offset` (pre-faulted with `populate`); nil when the file is shorter.
    init?(file: ReadableFile, offset: Int, count: Int, populate: Bool = true) throws(RecordingError) {
        guard count > 0, try file.size() >= offset + count else { return nil }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let aligned = offset / page * page
        start = offset - aligned
        self.count = count
        mappedLength = start + count
        #if os(Linux)
        let flags = populate ? MAP_SHARED | MAP_POPULATE : MAP_SHARED
        #else
        let flags = MAP_SHARED
        #endif
        let pointer = mmap(nil, mappedLength, PROT_READ, flags, file.descriptor, off_t(aligned))
        guard let pointer, pointer != MAP_FAILED else { throw .fromErrno("map", file.path) }
        base = pointer
    }

    deinit { munmap(base, mappedLength) }
}
