import CHDF5

/// A group in an open ``HDF5File``: a folder of groups and datasets.
///
/// Relative paths may contain `/` (`"INSTRUMENT/SPB_DET/data"`); paths starting with `/`
/// are taken from the file's root.
public final class HDF5Group {
    /// The group's absolute path inside the file, such as `/` or `/INDEX/SPB_DET`.
    public let path: String
    /// The file, kept alive (and open) while the group is in use.
    let file: HDF5File
    let id: hid_t
    private let ownsID: Bool

    init(file: HDF5File, id: hid_t, path: String, ownsID: Bool) {
        self.file = file
        self.id = id
        self.path = path
        self.ownsID = ownsID
    }

    deinit {
        if ownsID && file.isOpen {
            Library.begin()
            H5Gclose(id)
        }
    }

    /// Creates a group, and any missing groups on the way to it.
    public func createGroup(_ relativePath: String) throws(HDF5Error) -> HDF5Group {
        let target = Library.join(path, relativePath)
        try file.checkOpen("create group", target)
        let groupID = try Self.withIntermediateGroups("create group", target) { (lcpl) throws(HDF5Error) in
            try Library.checkID(H5Gcreate2(id, relativePath, lcpl, ch5_p_default(), ch5_p_default()),
                                "create group", target)
        }
        return HDF5Group(file: file, id: groupID, path: target, ownsID: true)
    }

    /// Opens an existing group.
    public func openGroup(_ relativePath: String) throws(HDF5Error) -> HDF5Group {
        let target = Library.join(path, relativePath)
        try file.checkOpen("open group", target)
        let groupID = try Library.checkID(H5Gopen2(id, relativePath, ch5_p_default()), "open group", target)
        return HDF5Group(file: file, id: groupID, path: target, ownsID: true)
    }

    /// The names of the group's direct members (groups, datasets, links), sorted by name.
    public func memberNames() throws(HDF5Error) -> [String] {
        let operation = "list group"
        try file.checkOpen(operation, path)
        var info = H5G_info_t()
        try Library.check(H5Gget_info(id, &info), operation, path)
        var names: [String] = []
        names.reserveCapacity(Int(info.nlinks))
        for index in 0..<info.nlinks {
            let length = H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, ch5_p_default())
            guard length >= 0 else { throw HDF5Error.fromLibrary(operation, path: path) }
            var buffer = [CChar](repeating: 0, count: Int(length) + 1)
            let status = H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count,
                                            ch5_p_default())
            guard status >= 0 else { throw HDF5Error.fromLibrary(operation, path: path) }
            names.append(String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return names
    }

    /// Whether an object exists at `relativePath` (missing intermediate groups give `false`).
    public func contains(_ relativePath: String) -> Bool {
        guard file.isOpen else { return false }
        Library.begin()
        let components = relativePath.split(separator: "/", omittingEmptySubsequences: true)
        guard !components.isEmpty else { return false }
        var prefix = relativePath.hasPrefix("/") ? "/" : ""
        for component in components {
            prefix += (prefix.isEmpty || prefix == "/" ? "" : "/") + component
            guard H5Lexists(id, prefix, ch5_p_default()) > 0 else { return false }
        }
        let exists = H5Oexists_by_name(id, prefix, ch5_p_default()) > 0
        H5Eclear2(ch5_e_default())
        return exists
    }

    /// The group's scalar attributes.
    public var attributes: HDF5Attributes {
        HDF5Attributes(owner: self, file: file, id: id, path: path)
    }

    /// Runs `body` with a link-creation property list that creates missing parent groups.
    static func withIntermediateGroups<R>(_ operation: String, _ path: String,
                                          _ body: (hid_t) throws(HDF5Error) -> R) throws(HDF5Error) -> R {
        try Library.withPropertyList(ch5_p_link_create(), operation, path) { (lcpl) throws(HDF5Error) in
            try Library.check(H5Pset_create_intermediate_group(lcpl, 1), operation, path)
            return try body(lcpl)
        }
    }
}

@available(*, unavailable, message: "HDF5 objects belong to one thread (the writer thread)")
extension HDF5Group: Sendable {}
