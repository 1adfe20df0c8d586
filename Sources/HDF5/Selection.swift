import CHDF5

/// The memory and file dataspaces of one read or write: the whole dataset or a hyperslab.
/// Owns (and closes) the dataspaces it creates.
final class Selection {
    /// Number of elements selected.
    private(set) var elements = 0
    /// Memory dataspace (`H5S_ALL` for whole-dataset transfers).
    private(set) var memorySpace = ch5_s_all()
    /// File dataspace (`H5S_ALL` for whole-dataset transfers).
    private(set) var fileSpace = ch5_s_all()
    private var owned: [hid_t] = []

    private init() {}

    deinit {
        for space in owned { H5Sclose(space) }
    }

    private func own(_ space: hid_t, _ operation: String, _ path: String) throws(HDF5Error) -> hid_t {
        let space = try Library.checkID(space, operation, path)
        owned.append(space)
        return space
    }

    /// The whole of `dataset`.
    static func whole(_ dataset: hid_t, _ operation: String, _ path: String) throws(HDF5Error) -> Selection {
        let selection = Selection()
        let space = try selection.own(H5Dget_space(dataset), operation, path)
        let points = H5Sget_simple_extent_npoints(space)
        guard points >= 0 else { throw HDF5Error.fromLibrary(operation, path: path) }
        selection.elements = Int(points)
        return selection
    }

    /// The block of `count` elements per dimension starting at `start`, which must lie
    /// inside the dataset's current extent.
    static func hyperslab(_ dataset: hid_t, start: [Int], count: [Int],
                          _ operation: String, _ path: String) throws(HDF5Error) -> Selection {
        let selection = Selection()
        let fileSpace = try selection.own(H5Dget_space(dataset), operation, path)
        let extent = try HDF5Dataset.dims(of: fileSpace, operation, path)
        let startDims = try Library.dims(start, "start", operation, path)
        let countDims = try Library.dims(count, "count", operation, path)
        guard start.count == extent.count, count.count == extent.count else {
            throw HDF5Error(operation, path: path,
                            reason: "start \(start) and count \(count) do not match rank \(extent.count)")
        }
        for index in extent.indices where start[index] > extent[index] || count[index] > extent[index] - start[index] {
            throw HDF5Error(operation, path: path, reason: "start \(start) + count \(count) exceeds shape \(extent)")
        }
        guard let elements = Library.product(count) else {
            throw HDF5Error(operation, path: path, reason: "count \(count) overflows")
        }
        selection.elements = elements
        if extent.isEmpty || elements == 0 { return selection }
        try Library.check(H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, startDims, nil, countDims, nil),
                          operation, path)
        selection.fileSpace = fileSpace
        selection.memorySpace = try selection.own(H5Screate_simple(Int32(countDims.count), countDims, nil),
                                                  operation, path)
        return selection
    }
}
