import CHDF5

/// The element types of numeric datasets.
///
/// Values are stored little-endian on this platform (HDF5's native types). `bool` is
/// stored the way h5py stores NumPy booleans: an HDF5 enum over a signed 8-bit integer with
/// members `FALSE = 0` and `TRUE = 1`, so h5py reads it back as `numpy.bool_`. In memory
/// each element is one byte, 0 or 1 (Swift's `Bool` layout).
public enum HDF5ScalarType: Sendable, Equatable, CaseIterable {
    case int8, int16, int32, int64
    case uint8, uint16, uint32, uint64
    case float32, float64
    case bool

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .int8, .uint8, .bool: 1
        case .int16, .uint16: 2
        case .int32, .uint32, .float32: 4
        case .int64, .uint64, .float64: 8
        }
    }

    /// A new HDF5 datatype for this element type, used both in files and in memory.
    /// The caller closes it.
    func makeType(_ operation: String, _ path: String) throws(HDF5Error) -> hid_t {
        let native: hid_t
        switch self {
        case .int8: native = ch5_native_int8()
        case .int16: native = ch5_native_int16()
        case .int32: native = ch5_native_int32()
        case .int64: native = ch5_native_int64()
        case .uint8: native = ch5_native_uint8()
        case .uint16: native = ch5_native_uint16()
        case .uint32: native = ch5_native_uint32()
        case .uint64: native = ch5_native_uint64()
        case .float32: native = ch5_native_float()
        case .float64: native = ch5_native_double()
        case .bool: return try Self.makeBoolType(operation, path)
        }
        return try Library.checkID(H5Tcopy(native), operation, path)
    }

    /// h5py's boolean type: enum of int8 with `FALSE = 0`, `TRUE = 1`.
    private static func makeBoolType(_ operation: String, _ path: String) throws(HDF5Error) -> hid_t {
        let type = try Library.checkID(H5Tenum_create(ch5_native_int8()), operation, path)
        var no: Int8 = 0, yes: Int8 = 1
        guard H5Tenum_insert(type, "FALSE", &no) >= 0, H5Tenum_insert(type, "TRUE", &yes) >= 0 else {
            H5Tclose(type)
            throw HDF5Error.fromLibrary(operation, path: path)
        }
        return type
    }

    /// The element type of a stored datatype, or `nil` when it is not one of these
    /// (strings, compounds, half floats, other enums, ...).
    init?(storedType type: hid_t) {
        let size = H5Tget_size(type)
        switch H5Tget_class(type) {
        case H5T_INTEGER:
            let signed = H5Tget_sign(type) == H5T_SGN_2
            switch (size, signed) {
            case (1, true): self = .int8
            case (2, true): self = .int16
            case (4, true): self = .int32
            case (8, true): self = .int64
            case (1, false): self = .uint8
            case (2, false): self = .uint16
            case (4, false): self = .uint32
            case (8, false): self = .uint64
            default: return nil
            }
        case H5T_FLOAT:
            switch size {
            case 4: self = .float32
            case 8: self = .float64
            default: return nil
            }
        case H5T_ENUM:
            guard size == 1, Self.isBoolEnum(type) else { return nil }
            self = .bool
        default:
            return nil
        }
    }

    /// Whether an enum type has exactly the members `FALSE = 0` and `TRUE = 1` (any case).
    private static func isBoolEnum(_ type: hid_t) -> Bool {
        guard H5Tget_nmembers(type) == 2 else { return false }
        var members: [String: Int8] = [:]
        for index: UInt32 in 0..<2 {
            guard let name = H5Tget_member_name(type, index) else { return false }
            defer { H5free_memory(name) }
            var value: Int8 = -1
            guard H5Tget_member_value(type, index, &value) >= 0 else { return false }
            members[String(cString: name).uppercased()] = value
        }
        return members == ["FALSE": 0, "TRUE": 1]
    }
}
