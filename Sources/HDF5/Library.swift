import CHDF5

/// Small shared helpers around the C library. Nothing here is public.
enum Library {
    /// Call before any HDF5 call on a thread: turns off HDF5's error printing there.
    @inline(__always)
    static func begin() {
        ch5_silence_errors()
    }

    /// Throws the library's current error when `status` reports failure.
    @inline(__always)
    static func check(_ status: herr_t, _ operation: String, _ path: String) throws(HDF5Error) {
        if status < 0 { throw HDF5Error.fromLibrary(operation, path: path) }
    }

    /// Returns `id`, or throws the library's current error when it is invalid.
    @inline(__always)
    static func checkID(_ id: hid_t, _ operation: String, _ path: String) throws(HDF5Error) -> hid_t {
        if id < 0 { throw HDF5Error.fromLibrary(operation, path: path) }
        return id
    }

    /// The path of `relative` seen from the object at `base`; absolute paths stay as they are.
    static func join(_ base: String, _ relative: String) -> String {
        if relative.hasPrefix("/") { return relative }
        if base.hasSuffix("/") { return base + relative }
        return base + "/" + relative
    }

    /// Converts sizes or offsets to `hsize_t`, rejecting negative values.
    static func dims(_ values: [Int], _ what: String, _ operation: String, _ path: String) throws(HDF5Error) -> [hsize_t] {
        var result: [hsize_t] = []
        result.reserveCapacity(values.count)
        for value in values {
            guard value >= 0 else { throw HDF5Error(operation, path: path, reason: "negative \(what) \(values)") }
            result.append(hsize_t(value))
        }
        return result
    }

    /// The product of `values` (1 for none), or `nil` on overflow.
    static func product(_ values: [Int]) -> Int? {
        var result = 1
        for value in values {
            let (next, overflow) = result.multipliedReportingOverflow(by: value)
            if overflow { return nil }
            result = next
        }
        return result
    }

    /// Runs `body` with a fresh property list of `cls`, closed afterwards.
    static func withPropertyList<R>(_ cls: hid_t, _ operation: String, _ path: String,
                                    _ body: (hid_t) throws(HDF5Error) -> R) throws(HDF5Error) -> R {
        let plist = try checkID(H5Pcreate(cls), operation, path)
        defer { H5Pclose(plist) }
        return try body(plist)
    }

    /// Creates a variable-length UTF-8 string type; the caller closes it.
    static func makeVariableStringType(_ operation: String, _ path: String) throws(HDF5Error) -> hid_t {
        let type = try checkID(H5Tcopy(ch5_c_s1()), operation, path)
        guard H5Tset_size(type, ch5_t_variable()) >= 0, H5Tset_cset(type, H5T_CSET_UTF8) >= 0 else {
            H5Tclose(type)
            throw HDF5Error.fromLibrary(operation, path: path)
        }
        return type
    }

    /// Calls `body` with NUL-terminated copies of `strings` laid out as a C `char *` array.
    /// Strings are cut at an embedded NUL, as C strings are.
    static func withCStringArray<R>(_ strings: [String],
                                    _ body: (UnsafeRawPointer?) throws(HDF5Error) -> R) throws(HDF5Error) -> R {
        var storage: [CChar] = []
        var offsets: [Int] = []
        offsets.reserveCapacity(strings.count)
        for string in strings {
            offsets.append(storage.count)
            storage.append(contentsOf: string.utf8CString.prefix { $0 != 0 })
            storage.append(0)
        }
        return try storage.withUnsafeMutableBufferPointer { (chars) throws(HDF5Error) -> R in
            var pointers: [UnsafeMutablePointer<CChar>?] = offsets.map { chars.baseAddress! + $0 }
            return try pointers.withUnsafeMutableBufferPointer { (array) throws(HDF5Error) -> R in
                try body(array.baseAddress.map { UnsafeRawPointer($0) })
            }
        }
    }

    /// `Array.withUnsafeBytes` with a typed error.
    static func withBytes<T, R>(of values: [T],
                                _ body: (UnsafeRawBufferPointer) throws(HDF5Error) -> R) throws(HDF5Error) -> R {
        let result = values.withUnsafeBytes { bytes -> Result<R, HDF5Error> in
            do throws(HDF5Error) { return .success(try body(bytes)) } catch { return .failure(error) }
        }
        return try result.get()
    }
}
