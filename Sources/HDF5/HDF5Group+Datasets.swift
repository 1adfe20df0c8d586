import CHDF5

extension HDF5Group {
    /// Creates a numeric dataset, and any missing groups on the way to it.
    ///
    /// - Parameters:
    ///   - shape: the initial extent; `[]` makes a scalar dataset.
    ///   - maxShape: the largest extent per dimension, `nil` entries meaning unlimited;
    ///     `nil` means fixed at `shape`. An extendible dataset needs `chunk`.
    ///   - chunk: the chunk shape; `nil` stores the data contiguously.
    ///   - chunkCacheBytes: the chunk cache size for this handle (HDF5's default is 1 MiB,
    ///     too small for large chunks written through ``HDF5Dataset/write(_:start:count:)``;
    ///     ``HDF5Dataset/writeChunk(_:chunkOffset:)`` bypasses the cache).
    public func createDataset(_ relativePath: String, type: HDF5ScalarType, shape: [Int], maxShape: [Int?]? = nil,
                              chunk: [Int]? = nil, chunkCacheBytes: Int? = nil) throws(HDF5Error) -> HDF5Dataset {
        let target = Library.join(path, relativePath)
        let operation = "create dataset"
        try file.checkOpen(operation, target)
        let space = try Self.makeDataspace(shape: shape, maxShape: maxShape, chunk: chunk, operation, target)
        defer { H5Sclose(space) }
        let fileType = try type.makeType(operation, target)
        defer { H5Tclose(fileType) }
        let datasetID = try Library.withPropertyList(ch5_p_dataset_create(), operation, target) { (dcpl) throws(HDF5Error) in
            if let chunk {
                let dims = try Library.dims(chunk, "chunk", operation, target)
                try Library.check(H5Pset_chunk(dcpl, Int32(dims.count), dims), operation, target)
            }
            return try HDF5Dataset.withAccessList(chunkCacheBytes: chunkCacheBytes, operation, target) { (dapl) throws(HDF5Error) in
                try Self.withIntermediateGroups(operation, target) { (lcpl) throws(HDF5Error) in
                    try Library.checkID(H5Dcreate2(id, relativePath, fileType, space, lcpl, dcpl, dapl), operation, target)
                }
            }
        }
        return try HDF5Dataset.wrap(file: file, id: datasetID, path: target)
    }

    /// Creates a dataset holding `values` (1-D unless `shape` is given) and writes them.
    @discardableResult
    public func createDataset<T: HDF5Scalar>(_ relativePath: String, values: [T],
                                             shape: [Int]? = nil) throws(HDF5Error) -> HDF5Dataset {
        let shape = shape ?? [values.count]
        guard Library.product(shape) == values.count else {
            throw HDF5Error("create dataset", path: Library.join(path, relativePath),
                            reason: "\(values.count) values do not fill shape \(shape)")
        }
        let dataset = try createDataset(relativePath, type: T.hdf5Type, shape: shape)
        try dataset.write(values)
        return dataset
    }

    /// Creates a 1-D dataset of variable-length UTF-8 strings (what h5py reads as `str`)
    /// holding `values`. Strings are cut at an embedded NUL character.
    @discardableResult
    public func createStringDataset(_ relativePath: String, values: [String]) throws(HDF5Error) -> HDF5Dataset {
        let target = Library.join(path, relativePath)
        let operation = "create dataset"
        try file.checkOpen(operation, target)
        let space = try Self.makeDataspace(shape: [values.count], maxShape: nil, chunk: nil, operation, target)
        defer { H5Sclose(space) }
        let type = try Library.makeVariableStringType(operation, target)
        defer { H5Tclose(type) }
        let datasetID = try Self.withIntermediateGroups(operation, target) { (lcpl) throws(HDF5Error) in
            try Library.checkID(H5Dcreate2(id, relativePath, type, space, lcpl, ch5_p_default(), ch5_p_default()),
                                operation, target)
        }
        let dataset = try HDF5Dataset.wrap(file: file, id: datasetID, path: target)
        if !values.isEmpty {
            try Library.withCStringArray(values) { (pointers) throws(HDF5Error) in
                try Library.check(H5Dwrite(datasetID, type, ch5_s_all(), ch5_s_all(), ch5_p_default(), pointers),
                                  "write dataset", target)
            }
        }
        return dataset
    }

    /// Opens an existing dataset. `chunkCacheBytes` sizes this handle's chunk cache.
    public func openDataset(_ relativePath: String, chunkCacheBytes: Int? = nil) throws(HDF5Error) -> HDF5Dataset {
        let target = Library.join(path, relativePath)
        let operation = "open dataset"
        try file.checkOpen(operation, target)
        let datasetID = try HDF5Dataset.withAccessList(chunkCacheBytes: chunkCacheBytes, operation, target) { (dapl) throws(HDF5Error) in
            try Library.checkID(H5Dopen2(id, relativePath, dapl), operation, target)
        }
        return try HDF5Dataset.wrap(file: file, id: datasetID, path: target)
    }

    /// A simple (or, for `[]`, scalar) dataspace, after checking the shapes fit together.
    private static func makeDataspace(shape: [Int], maxShape: [Int?]?, chunk: [Int]?,
                                      _ operation: String, _ path: String) throws(HDF5Error) -> hid_t {
        let dims = try Library.dims(shape, "shape", operation, path)
        let fail = { (reason: String) in HDF5Error(operation, path: path, reason: reason) }
        var maxDims = dims
        if let maxShape {
            guard maxShape.count == shape.count else { throw fail("maxShape \(maxShape) does not match shape \(shape)") }
            for (index, limit) in maxShape.enumerated() {
                guard let limit else { maxDims[index] = ch5_s_unlimited(); continue }
                guard limit >= shape[index] else { throw fail("maxShape \(maxShape) is below shape \(shape)") }
                maxDims[index] = hsize_t(limit)
            }
        }
        if let chunk {
            guard !shape.isEmpty, chunk.count == shape.count, chunk.allSatisfy({ $0 > 0 }) else {
                throw fail("chunk \(chunk) does not fit shape \(shape)")
            }
        } else if maxDims != dims {
            throw fail("an extendible dataset (maxShape \(maxShape ?? [])) needs a chunk shape")
        }
        let space = shape.isEmpty ? H5Screate(H5S_SCALAR) : H5Screate_simple(Int32(dims.count), dims, maxDims)
        return try Library.checkID(space, operation, path)
    }
}
