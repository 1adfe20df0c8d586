import CHDF5

extension HDF5Dataset {
    // MARK: Raw bytes

    /// Writes the whole dataset. `bytes` holds every element in C order, in the native
    /// layout of ``scalarType``: exactly `product(shape) * scalarType.size` bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(HDF5Error) {
        let operation = "write dataset"
        try file.checkOpen(operation, path)
        let type = try numericType(operation)
        try transferOut(bytes, type, Selection.whole(id, operation, path), operation)
    }

    /// Writes the block of `count` elements per dimension starting at `start`. `bytes` holds
    /// the block in C order, native layout: exactly `product(count) * scalarType.size` bytes.
    public func write(_ bytes: UnsafeRawBufferPointer, start: [Int], count: [Int]) throws(HDF5Error) {
        let operation = "write dataset"
        try file.checkOpen(operation, path)
        let type = try numericType(operation)
        try transferOut(bytes, type, Selection.hyperslab(id, start: start, count: count, operation, path), operation)
    }

    /// Reads the whole dataset as native bytes in C order.
    public func readBytes() throws(HDF5Error) -> [UInt8] {
        let operation = "read dataset"
        try file.checkOpen(operation, path)
        let type = try numericType(operation)
        let selection = try Selection.whole(id, operation, path)
        return try transferIn(UInt8.self, count: selection.elements * type.size, type, selection, operation)
    }

    /// Reads the block of `count` elements per dimension starting at `start` as native bytes in C order.
    public func readHyperslab(start: [Int], count: [Int]) throws(HDF5Error) -> [UInt8] {
        let operation = "read dataset"
        try file.checkOpen(operation, path)
        let type = try numericType(operation)
        let selection = try Selection.hyperslab(id, start: start, count: count, operation, path)
        return try transferIn(UInt8.self, count: selection.elements * type.size, type, selection, operation)
    }

    /// Reads the block of `count` elements per dimension starting at `start` as native bytes in
    /// C order straight into `buffer` (one `H5Dread`, no intermediate copy). `buffer` must hold
    /// exactly `product(count) * scalarType.size` bytes.
    public func readHyperslab(start: [Int], count: [Int], into buffer: UnsafeMutableRawBufferPointer) throws(HDF5Error) {
        let operation = "read dataset"
        try file.checkOpen(operation, path)
        let type = try numericType(operation)
        let selection = try Selection.hyperslab(id, start: start, count: count, operation, path)
        let (expected, overflow) = selection.elements.multipliedReportingOverflow(by: type.size)
        guard !overflow, buffer.count == expected else {
            throw HDF5Error(operation, path: path,
                            reason: "a buffer of \(buffer.count) bytes for \(selection.elements) elements of \(type.size) bytes")
        }
        if expected == 0 { return }
        let memoryType = try type.makeType(operation, path)
        defer { H5Tclose(memoryType) }
        try Library.check(H5Dread(id, memoryType, selection.memorySpace, selection.fileSpace, ch5_p_default(),
                                  buffer.baseAddress), operation, path)
    }

    /// Writes one whole chunk straight to the file (`H5Dwrite_chunk`), bypassing the chunk
    /// cache and type conversion: the fastest way to store large frames.
    ///
    /// `chunkOffset` is the chunk's first element (a multiple of ``chunkShape`` inside the
    /// current extent; ``extend(to:)`` first). `bytes` is one full chunk, C order, in the
    /// stored layout (native for datasets created by this module): exactly
    /// `product(chunkShape) * scalarType.size` bytes, even for chunks at the edge.
    public func writeChunk(_ bytes: UnsafeRawBufferPointer, chunkOffset: [Int]) throws(HDF5Error) {
        let operation = "write chunk"
        try file.checkOpen(operation, path)
        guard let chunkShape else { throw HDF5Error(operation, path: path, reason: "the dataset is not chunked") }
        guard !hasFilters else {
            throw HDF5Error(operation, path: path, reason: "the dataset has filters; direct chunk writes need unfiltered data")
        }
        let extent = try shape
        let offsets = try Library.dims(chunkOffset, "chunk offset", operation, path)
        guard chunkOffset.count == chunkShape.count else {
            throw HDF5Error(operation, path: path, reason: "chunk offset \(chunkOffset) does not match rank \(chunkShape.count)")
        }
        for index in chunkShape.indices where chunkOffset[index] % chunkShape[index] != 0 || chunkOffset[index] >= extent[index] {
            throw HDF5Error(operation, path: path, reason:
                "chunk offset \(chunkOffset) is not a chunk (\(chunkShape)) start inside shape \(extent)")
        }
        let expected = (Library.product(chunkShape) ?? 0) * storedElementSize
        guard bytes.count == expected else {
            throw HDF5Error(operation, path: path, reason: "got \(bytes.count) bytes for a chunk of \(expected) bytes")
        }
        try Library.check(H5Dwrite_chunk(id, ch5_p_default(), 0, offsets, bytes.count, bytes.baseAddress),
                          operation, path)
    }

    // MARK: Typed

    /// Writes the whole dataset from `values` in C order; HDF5 converts numeric types
    /// (e.g. `Int32` values into a float64 dataset).
    public func write<T: HDF5Scalar>(_ values: [T]) throws(HDF5Error) {
        let operation = "write dataset"
        try file.checkOpen(operation, path)
        let selection = try Selection.whole(id, operation, path)
        try Library.withBytes(of: values) { (bytes) throws(HDF5Error) in
            try transferOut(bytes, T.hdf5Type, selection, operation)
        }
    }

    /// Writes the block of `count` elements per dimension starting at `start` from `values`.
    public func write<T: HDF5Scalar>(_ values: [T], start: [Int], count: [Int]) throws(HDF5Error) {
        let operation = "write dataset"
        try file.checkOpen(operation, path)
        let selection = try Selection.hyperslab(id, start: start, count: count, operation, path)
        try Library.withBytes(of: values) { (bytes) throws(HDF5Error) in
            try transferOut(bytes, T.hdf5Type, selection, operation)
        }
    }

    /// Writes one whole chunk from `values` (see ``writeChunk(_:chunkOffset:)``); `T` must be
    /// the dataset's ``scalarType``, as no conversion happens.
    public func writeChunk<T: HDF5Scalar>(_ values: [T], chunkOffset: [Int]) throws(HDF5Error) {
        guard T.hdf5Type == scalarType else {
            throw HDF5Error("write chunk", path: path, reason: "\(T.self) values for a dataset of \(String(describing: scalarType))")
        }
        try Library.withBytes(of: values) { (bytes) throws(HDF5Error) in try writeChunk(bytes, chunkOffset: chunkOffset) }
    }

    /// Reads the whole dataset as `T` values in C order, converting numeric types.
    public func read<T: HDF5Scalar>(as _: T.Type = T.self) throws(HDF5Error) -> [T] {
        let operation = "read dataset"
        try file.checkOpen(operation, path)
        return try readValues(T.self, Selection.whole(id, operation, path), operation)
    }

    /// Reads the block of `count` elements per dimension starting at `start` as `T` values.
    public func read<T: HDF5Scalar>(as _: T.Type = T.self, start: [Int], count: [Int]) throws(HDF5Error) -> [T] {
        let operation = "read dataset"
        try file.checkOpen(operation, path)
        return try readValues(T.self, Selection.hyperslab(id, start: start, count: count, operation, path), operation)
    }

    // MARK: Strings

    /// Reads a string dataset (variable- or fixed-length, any shape) in C order.
    /// Fixed-length strings end at their first NUL (or trailing spaces, if space-padded).
    public func readStrings() throws(HDF5Error) -> [String] {
        let operation = "read strings"
        try file.checkOpen(operation, path)
        let type = try Library.checkID(H5Dget_type(id), operation, path)
        defer { H5Tclose(type) }
        let selection = try Selection.whole(id, operation, path)
        return try StringCodec.read(count: selection.elements, storedType: type, operation, path) { memoryType, buffer in
            H5Dread(id, memoryType, ch5_s_all(), ch5_s_all(), ch5_p_default(), buffer)
        }
    }

    // MARK: Helpers

    private func numericType(_ operation: String) throws(HDF5Error) -> HDF5ScalarType {
        guard let scalarType else {
            throw HDF5Error(operation, path: path, reason: "not a numeric dataset (strings or another type)")
        }
        return scalarType
    }

    private func transferOut(_ bytes: UnsafeRawBufferPointer, _ type: HDF5ScalarType, _ selection: Selection,
                             _ operation: String) throws(HDF5Error) {
        let (expected, overflow) = selection.elements.multipliedReportingOverflow(by: type.size)
        guard !overflow, bytes.count == expected else {
            throw HDF5Error(operation, path: path,
                            reason: "got \(bytes.count) bytes for \(selection.elements) elements of \(type.size) bytes")
        }
        if expected == 0 { return }
        let memoryType = try type.makeType(operation, path)
        defer { H5Tclose(memoryType) }
        try Library.check(H5Dwrite(id, memoryType, selection.memorySpace, selection.fileSpace, ch5_p_default(),
                                   bytes.baseAddress), operation, path)
    }

    private func transferIn<T: BitwiseCopyable>(_: T.Type, count: Int, _ type: HDF5ScalarType, _ selection: Selection,
                                                _ operation: String) throws(HDF5Error) -> [T] {
        if count == 0 { return [] }
        let memoryType = try type.makeType(operation, path)
        defer { H5Tclose(memoryType) }
        var status: herr_t = -1
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            status = H5Dread(id, memoryType, selection.memorySpace, selection.fileSpace, ch5_p_default(),
                             buffer.baseAddress)
            initialized = status >= 0 ? count : 0
        }
        try Library.check(status, operation, path)
        return values
    }

    private func readValues<T: HDF5Scalar>(_: T.Type, _ selection: Selection, _ operation: String) throws(HDF5Error) -> [T] {
        if T.self == Bool.self {
            // Read bytes, so that a stored value other than 0 or 1 cannot make an invalid Bool.
            let bytes = try transferIn(UInt8.self, count: selection.elements, .bool, selection, operation)
            return bytes.map { $0 != 0 } as! [T]
        }
        return try transferIn(T.self, count: selection.elements, T.hdf5Type, selection, operation)
    }
}
