import CHDF5

/// The scalar attributes of a group or dataset: `group.attributes.set("name", string: "x")`,
/// `dataset.attributes.int64("count")`. Holds its object (and so the file) open while in use.
public struct HDF5Attributes {
    /// The group or dataset the attributes belong to, kept alive for `id`.
    private let owner: AnyObject
    private let file: HDF5File
    private let id: hid_t
    private let path: String

    init(owner: AnyObject, file: HDF5File, id: hid_t, path: String) {
        self.owner = owner
        self.file = file
        self.id = id
        self.path = path
    }

    /// Sets a scalar variable-length UTF-8 string attribute, replacing any attribute `name`.
    public func set(_ name: String, string value: String) throws(HDF5Error) {
        try file.checkOpen("write attribute '\(name)'", path)
        try Attributes.set(name, string: value, on: id, path: path)
    }

    /// Sets a scalar 64-bit integer attribute, replacing any attribute `name`.
    public func set(_ name: String, int64 value: Int64) throws(HDF5Error) {
        try file.checkOpen("write attribute '\(name)'", path)
        try Attributes.set(name, int64: value, on: id, path: path)
    }

    /// Reads a scalar string attribute (variable- or fixed-length).
    public func string(_ name: String) throws(HDF5Error) -> String {
        try file.checkOpen("read attribute '\(name)'", path)
        return try Attributes.string(name, on: id, path: path)
    }

    /// Reads a scalar integer attribute.
    public func int64(_ name: String) throws(HDF5Error) -> Int64 {
        try file.checkOpen("read attribute '\(name)'", path)
        return try Attributes.int64(name, on: id, path: path)
    }
}
