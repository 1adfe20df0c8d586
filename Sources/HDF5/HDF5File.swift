import CHDF5

/// An open HDF5 file.
///
/// Not thread-safe: use a file and everything opened from it on one thread at a time
/// (HDF5 calls block on file I/O, so run them on a dedicated writer thread).
/// Closing the file, explicitly or when it is released, also closes every group and
/// dataset opened from it; later calls on those throw ``HDF5Error``.
///
/// A file open for writing holds an exclusive `flock` lock, as HDF5 itself would take, so
/// other HDF5 programs (h5py, h5dump) cannot open it until it is closed; the lock's
/// descriptor is close-on-exec, so child processes never inherit it. Read-only handles
/// take no lock. Live reading while writing (SWMR) is not supported.
public final class HDF5File {
    /// The file's path as given when it was created or opened.
    public let path: String
    /// The HDF5 file id; meaningful only while ``isOpen``.
    let id: hid_t
    /// Whether ``close()`` has not run yet.
    public private(set) var isOpen = true

    /// The lock of a writable file, released after closing it.
    private var lock: FileLock?

    private init(path: String, id: hid_t, lock: FileLock?) {
        self.path = path
        self.id = id
        self.lock = lock
        // HDF5 opens files without O_CLOEXEC; keep processes spawned later from inheriting it.
        _ = ch5_set_close_on_exec(id)
        H5Eclear2(ch5_e_default())
    }

    /// Creates a file. With `truncate` an existing file is replaced; without, an existing
    /// file is an error.
    ///
    /// The file stays locked (see the type's notes) until it is closed.
    public static func create(_ path: String, truncate: Bool = true) throws(HDF5Error) -> HDF5File {
        Library.begin()
        // Lock first: a file locked by another writer must not be truncated.
        let lock = try FileLock(path: path, create: true, exclusive: !truncate, "create file")
        let id = try Library.withPropertyList(ch5_p_file_access(), "create file", path) { (fapl) throws(HDF5Error) in
            try Self.configure(fapl, "create file", path)
            return try Library.checkID(H5Fcreate(path, ch5_f_acc_trunc(), ch5_p_default(), fapl), "create file", path)
        }
        return HDF5File(path: path, id: id, lock: lock)
    }

    /// Opens an existing file, read-only unless `writable`. A writable file stays locked
    /// (see the type's notes) until it is closed.
    public static func open(_ path: String, writable: Bool = false) throws(HDF5Error) -> HDF5File {
        Library.begin()
        let lock = writable ? try FileLock(path: path, create: false, exclusive: false, "open file") : nil
        let id = try Library.withPropertyList(ch5_p_file_access(), "open file", path) { (fapl) throws(HDF5Error) in
            try Self.configure(fapl, "open file", path)
            let flags = writable ? ch5_f_acc_rdwr() : ch5_f_acc_rdonly()
            return try Library.checkID(H5Fopen(path, flags, fapl), "open file", path)
        }
        return HDF5File(path: path, id: id, lock: lock)
    }

    /// Closing the file closes all objects in it, so `close()` really ends the file.
    /// HDF5's own file locking is off: writable files are locked by ``FileLock``.
    private static func configure(_ fapl: hid_t, _ operation: String, _ path: String) throws(HDF5Error) {
        try Library.check(H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG), operation, path)
        try Library.check(H5Pset_file_locking(fapl, false, true), operation, path)
    }

    /// Writes all buffered data and metadata of the file to disk.
    public func flush() throws(HDF5Error) {
        try checkOpen("flush file", path)
        try Library.check(H5Fflush(id, H5F_SCOPE_GLOBAL), "flush file", path)
    }

    /// Closes the file and every object opened from it. Safe to call more than once.
    public func close() {
        guard isOpen else { return }
        isOpen = false
        Library.begin()
        H5Fclose(id)
        lock = nil
    }

    /// The root group `/`.
    public var root: HDF5Group {
        HDF5Group(file: self, id: id, path: "/", ownsID: false)
    }

    /// Throws unless the file is still open; every operation on its objects starts here.
    func checkOpen(_ operation: String, _ objectPath: String) throws(HDF5Error) {
        guard isOpen else { throw HDF5Error(operation, path: objectPath, reason: "the file \(path) is closed") }
        Library.begin()
    }

    deinit {
        close()
    }
}

@available(*, unavailable, message: "HDF5 objects belong to one thread (the writer thread)")
extension HDF5File: Sendable {}
