#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why recording, reading or replaying failed.
public enum RecordingError: Error, Sendable, CustomStringConvertible {
    /// A system call failed (`errno` as reported).
    case io(operation: String, path: String, errno: Int32)
    /// The path is not a recording (or HDF5 data) this module can read.
    case notARecording(path: String, reason: String)
    /// A record or index is damaged at `offset`.
    case corrupt(path: String, offset: Int, reason: String)
    /// An HDF5 operation failed.
    case hdf5(String)
    /// The recorder was closed (or failed earlier) and takes no more messages.
    case closed
    /// An argument cannot be used (e.g. a zero file size limit).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .io(operation, path, code):
            return "\(operation) \(path): \(String(cString: strerror(code)))"
        case let .notARecording(path, reason):
            return "\(path) is not a recording: \(reason)"
        case let .corrupt(path, offset, reason):
            return "\(path) is damaged at byte \(offset): \(reason)"
        case let .hdf5(text):
            return text
        case .closed:
            return "the recorder is closed"
        case let .invalidArgument(text):
            return text
        }
    }

    /// An `.io` error from the current `errno`.
    static func fromErrno(_ operation: String, _ path: String) -> RecordingError {
        .io(operation: operation, path: path, errno: errno)
    }
}
