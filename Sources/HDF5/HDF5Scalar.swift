/// Swift types that map to an ``HDF5ScalarType``; used by the typed read and write helpers.
public protocol HDF5Scalar: BitwiseCopyable {
    /// The element type matching this Swift type's memory layout.
    static var hdf5Type: HDF5ScalarType { get }
}

extension Int8: HDF5Scalar { public static var hdf5Type: HDF5ScalarType { .int8 } }
extension Int16: HDF5Scalar { public static var hdf5Type: HDF5ScalarType { .int16 } }
extension Int32: HDF5Scalar { public static var hdf5Type: HDF5ScalarType { .int32 } }
extension Int64: HDF5Scalar { public static var hdf5Type: HDF5ScalarType { .int64 } }
extension UInt8: HDF5Scalar { public static var hdf5Type: HDF5ScalarType { .uint8 } }
extension UInt16: HDF5Scalar { public static var hdf5Type: HDF5ScalarType { .uint16 } }
extension UInt32: HDF5Scalar { public static var hdf5Type: HDF5ScalarType { .uint32 } }
extension UInt64: HDF5Scalar { public static var hdf5Type: HDF5ScalarType { .uint64 } }
extension Float: HDF5Scalar { public static var hdf5Type: HDF5ScalarType { .float32 } }
extension Double: HDF5Scalar { public static var hdf5Type: HDF5ScalarType { .float64 } }
extension Bool: HDF5Scalar { public static var hdf5Type: HDF5ScalarType { .bool } }
