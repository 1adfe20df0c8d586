import CHDF5

/// A dataset in an open ``HDF5File``.
///
/// Byte-level reads and writes use the platform's native layout of ``scalarType`` in
/// C (row-major) order; HDF5 converts when the stored type differs (e.g. big-endian).
public final class HDF5Dataset {
    /// The dataset's absolute path inside the file.
    public let path: String
    /// The element type, or `nil` for strings and other types.
    public let scalarType: HDF5ScalarType?
    /// The chunk shape, or `nil` when the dataset is not chunked.
    public let chunkShape: [Int]?
    /// The file, kept alive (and open) while the dataset is in use.
    let file: HDF5File
    let id: hid_t
    /// Bytes per stored element (the layout direct chunk writes must match).
    let storedElementSize: Int
    /// Whether the dataset has filters (compression etc.); direct chunk writes then refuse.
    public let hasFilters: Bool

    private init(file: HDF5File, id: hid_t, path: String, scalarType: HDF5ScalarType?, storedElementSize: Int,
                 chunkShape: [Int]?, hasFilters: Bool) {
        self.file = file
        self.id = id
        self.path = path
        self.scalarType = scalarType
        self.storedElementSize = storedElementSize
        self.chunkShape = chunkShape
        self.hasFilters = hasFilters
    }

    /// Wraps a freshly opened dataset id, reading its type and layout; closes `id` on failure.
    static func wrap(file: HDF5File, id: hid_t, path: String) throws(HDF5Error) -> HDF5Dataset {
        let operation = "open dataset"
        do {
            let type = try Library.checkID(H5Dget_type(id), operation, path)
            defer { H5Tclose(type) }
            let dcpl = try Library.checkID(H5Dget_create_plist(id), operation, path)
            defer { H5Pclose(dcpl) }
            var chunkShape: [Int]?
            if H5Pget_layout(dcpl) == H5D_CHUNKED {
                var dims = [hsize_t](repeating: 0, count: Int(H5S_MAX_RANK))
                let rank = H5Pget_chunk(dcpl, Int32(dims.count), &dims)
                try Library.check(rank, operation, path)
                chunkShape = dims.prefix(Int(rank)).map { Int($0) }
            }
            let filters = H5Pget_nfilters(dcpl)
            try Library.check(filters, operation, path)
            return HDF5Dataset(file: file, id: id, path: path, scalarType: HDF5ScalarType(storedType: type),
                               storedElementSize: H5Tget_size(type), chunkShape: chunkShape, hasFilters: filters > 0)
        } catch {
            H5Dclose(id)
            throw error
        }
    }

    deinit {
        if file.isOpen {
            Library.begin()
            H5Dclose(id)
        }
    }

    /// The current extent; `[]` for a scalar dataset.
    public var shape: [Int] {
        get throws(HDF5Error) {
            try file.checkOpen("read shape", path)
            let space = try Library.checkID(H5Dget_space(id), "read shape", path)
            defer { H5Sclose(space) }
            return try Self.dims(of: space, "read shape", path)
        }
    }

    /// Grows (or shrinks) an extendible dataset to `shape`, within its maximum shape.
    public func extend(to shape: [Int]) throws(HDF5Error) {
        let operation = "extend dataset"
        try file.checkOpen(operation, path)
        let dims = try Library.dims(shape, "shape", operation, path)
        let current = try self.shape
        guard dims.count == current.count else {
            throw HDF5Error(operation, path: path, reason: "shape \(shape) does not match rank \(current.count)")
        }
        try Library.check(H5Dset_extent(id, dims), operation, path)
    }

    /// The dataset's scalar attributes.
    public var attributes: HDF5Attributes {
        HDF5Attributes(owner: self, file: file, id: id, path: path)
    }

    /// The extent of a dataspace.
    static func dims(of space: hid_t, _ operation: String, _ path: String) throws(HDF5Error) -> [Int] {
        let rank = H5Sget_simple_extent_ndims(space)
        try Library.check(rank, operation, path)
        var dims = [hsize_t](repeating: 0, count: Int(rank))
        try Library.check(H5Sget_simple_extent_dims(space, &dims, nil), operation, path)
        return dims.map { Int($0) }
    }

    /// Runs `body` with a dataset access property list, with a chunk cache of `chunkCacheBytes` if given.
    static func withAccessList<R>(chunkCacheBytes: Int?, _ operation: String, _ path: String,
                                  _ body: (hid_t) throws(HDF5Error) -> R) throws(HDF5Error) -> R {
        guard let chunkCacheBytes else { return try body(ch5_p_default()) }
        guard chunkCacheBytes >= 0 else {
            throw HDF5Error(operation, path: path, reason: "negative chunk cache size \(chunkCacheBytes)")
        }
        return try Library.withPropertyList(ch5_p_dataset_access(), operation, path) { (dapl) throws(HDF5Error) in
            // Write-once data: evict fully written chunks first (w0 = 1).
            try Library.check(H5Pset_chunk_cache(dapl, 12_421, chunkCacheBytes, 1.0), operation, path)
            return try body(dapl)
        }
    }
}

@available(*, unavailable, message: "HDF5 objects belong to one thread (the writer thread)")
extension HDF5Dataset: Sendable {}
