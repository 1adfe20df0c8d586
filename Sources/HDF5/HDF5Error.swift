import CHDF5

/// A failed HDF5 operation: what was attempted, on which file or object, and why.
public struct HDF5Error: Error, Sendable, CustomStringConvertible {
    /// The operation that failed, such as `"open file"` or `"write dataset"`.
    public let operation: String
    /// The file path (for file operations) or the object's path inside the file.
    public let path: String
    /// The reason: HDF5's most specific error message, or this module's own check.
    public let reason: String

    /// Creates an error from this module's own checks.
    init(_ operation: String, path: String, reason: String) {
        self.operation = operation
        self.path = path
        self.reason = reason
    }

    /// A one-line summary naming the operation, the path and the reason.
    public var description: String {
        reason.isEmpty ? "HDF5 \(operation) failed for '\(path)'"
            : "HDF5 \(operation) failed for '\(path)': \(reason)"
    }

    /// An error built from (and clearing) the calling thread's HDF5 error stack.
    static func fromLibrary(_ operation: String, path: String) -> HDF5Error {
        HDF5Error(operation, path: path, reason: takeLibraryMessage())
    }

    /// Reads the innermost message of the calling thread's HDF5 error stack, then clears it.
    private static func takeLibraryMessage() -> String {
        let walker: H5E_walk2_t = { position, error, context in
            guard position == 0, let error, let context, let desc = error.pointee.desc else { return 0 }
            context.assumingMemoryBound(to: String.self).pointee = String(cString: desc)
            return 0
        }
        var message = ""
        withUnsafeMutablePointer(to: &message) { pointer in
            _ = H5Ewalk2(ch5_e_default(), H5E_WALK_UPWARD, walker, pointer)
        }
        H5Eclear2(ch5_e_default())
        return message
    }
}
