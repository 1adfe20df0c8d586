import CHDF5

/// Reads string data (variable- or fixed-length) from a dataset or attribute.
enum StringCodec {
    /// Reads `count` strings stored as `storedType`. `read` performs the HDF5 read with
    /// the given memory type into the given buffer and returns its status.
    static func read(count: Int, storedType: hid_t, _ operation: String, _ path: String,
                     _ read: (hid_t, UnsafeMutableRawPointer?) -> herr_t) throws(HDF5Error) -> [String] {
        guard H5Tget_class(storedType) == H5T_STRING else {
            throw HDF5Error(operation, path: path, reason: "not a string type")
        }
        if count == 0 { return [] }
        let isVariable = H5Tis_variable_str(storedType)
        try Library.check(isVariable, operation, path)
        return isVariable > 0
            ? try readVariable(count: count, storedType: storedType, operation, path, read)
            : try readFixed(count: count, storedType: storedType, operation, path, read)
    }

    private static func readVariable(count: Int, storedType: hid_t, _ operation: String, _ path: String,
                                     _ read: (hid_t, UnsafeMutableRawPointer?) -> herr_t) throws(HDF5Error) -> [String] {
        let memoryType = try Library.checkID(H5Tcopy(ch5_c_s1()), operation, path)
        defer { H5Tclose(memoryType) }
        try Library.check(H5Tset_size(memoryType, ch5_t_variable()), operation, path)
        try Library.check(H5Tset_cset(memoryType, H5Tget_cset(storedType)), operation, path)
        var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
        let status = pointers.withUnsafeMutableBytes { read(memoryType, $0.baseAddress) }
        try Library.check(status, operation, path)
        defer { for pointer in pointers where pointer != nil { H5free_memory(pointer) } }
        return pointers.map { $0.map { String(cString: $0) } ?? "" }
    }

    private static func readFixed(count: Int, storedType: hid_t, _ operation: String, _ path: String,
                                  _ read: (hid_t, UnsafeMutableRawPointer?) -> herr_t) throws(HDF5Error) -> [String] {
        let memoryType = try Library.checkID(H5Tcopy(storedType), operation, path)
        defer { H5Tclose(memoryType) }
        let size = H5Tget_size(memoryType)
        let spacePadded = H5Tget_strpad(memoryType) == H5T_STR_SPACEPAD
        var bytes = [UInt8](repeating: 0, count: size * count)
        let status = bytes.withUnsafeMutableBytes { read(memoryType, $0.baseAddress) }
        try Library.check(status, operation, path)
        return (0..<count).map { index in
            var field = bytes[(index * size)..<((index + 1) * size)]
            if let end = field.firstIndex(of: 0) { field = field[..<end] }
            if spacePadded { while field.last == 0x20 { field.removeLast() } }
            return String(decoding: field, as: UTF8.self)
        }
    }
}
