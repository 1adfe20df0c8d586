import CHDF5

/// Scalar attributes on any HDF5 object (the file's root group, groups, datasets).
enum Attributes {
    /// Stores `value` as a scalar variable-length UTF-8 string, replacing any attribute `name`.
    static func set(_ name: String, string value: String, on object: hid_t, path: String) throws(HDF5Error) {
        let operation = "write attribute '\(name)'"
        let type = try Library.makeVariableStringType(operation, path)
        defer { H5Tclose(type) }
        try Library.withCStringArray([value]) { (pointers) throws(HDF5Error) in
            try write(name, type: type, data: pointers, on: object, operation, path)
        }
    }

    /// Stores `value` as a scalar 64-bit signed integer, replacing any attribute `name`.
    static func set(_ name: String, int64 value: Int64, on object: hid_t, path: String) throws(HDF5Error) {
        let operation = "write attribute '\(name)'"
        let type = try HDF5ScalarType.int64.makeType(operation, path)
        defer { H5Tclose(type) }
        var value = value
        try write(name, type: type, data: &value, on: object, operation, path)
    }

    private static func write(_ name: String, type: hid_t, data: UnsafeRawPointer?, on object: hid_t,
                              _ operation: String, _ path: String) throws(HDF5Error) {
        let exists = H5Aexists(object, name)
        try Library.check(exists, operation, path)
        if exists > 0 { try Library.check(H5Adelete(object, name), operation, path) }
        let space = try Library.checkID(H5Screate(H5S_SCALAR), operation, path)
        defer { H5Sclose(space) }
        let attribute = try Library.checkID(
            H5Acreate2(object, name, type, space, ch5_p_default(), ch5_p_default()), operation, path)
        defer { H5Aclose(attribute) }
        try Library.check(H5Awrite(attribute, type, data), operation, path)
    }

    /// Reads a scalar string attribute (variable- or fixed-length).
    static func string(_ name: String, on object: hid_t, path: String) throws(HDF5Error) -> String {
        let operation = "read attribute '\(name)'"
        let attribute = try Library.checkID(H5Aopen(object, name, ch5_p_default()), operation, path)
        defer { H5Aclose(attribute) }
        try requireScalar(attribute, operation, path)
        let type = try Library.checkID(H5Aget_type(attribute), operation, path)
        defer { H5Tclose(type) }
        let strings = try StringCodec.read(count: 1, storedType: type, operation, path) { memoryType, buffer in
            H5Aread(attribute, memoryType, buffer)
        }
        return strings[0]
    }

    /// Reads a scalar integer attribute as a 64-bit signed integer.
    static func int64(_ name: String, on object: hid_t, path: String) throws(HDF5Error) -> Int64 {
        let operation = "read attribute '\(name)'"
        let attribute = try Library.checkID(H5Aopen(object, name, ch5_p_default()), operation, path)
        defer { H5Aclose(attribute) }
        try requireScalar(attribute, operation, path)
        let type = try HDF5ScalarType.int64.makeType(operation, path)
        defer { H5Tclose(type) }
        var value: Int64 = 0
        try Library.check(H5Aread(attribute, type, &value), operation, path)
        return value
    }

    /// Throws unless the attribute holds exactly one element (our readers read one).
    private static func requireScalar(_ attribute: hid_t, _ operation: String, _ path: String) throws(HDF5Error) {
        let space = try Library.checkID(H5Aget_space(attribute), operation, path)
        defer { H5Sclose(space) }
        let count = H5Sget_simple_extent_npoints(space)
        guard count == 1 else { throw HDF5Error(operation, path: path, reason: "attribute holds \(count) elements, not 1") }
    }
}
