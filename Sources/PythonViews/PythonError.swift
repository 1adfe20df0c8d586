/// Why the Python runtime could not start or a call to a worker failed.
public struct PythonError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable, Hashable {
        /// The interpreter or the worker package could not be started.
        case start
        /// Shared memory could not be made (e.g. `/dev/shm` full).
        case sharedMemory
        /// The worker died while computing (its process ended).
        case crashed
        /// The worker did not answer within `--python-timeout`.
        case timeout
        /// The worker answered something that is not the protocol.
        case protocolError
        /// The view raised an exception (the message carries the user's file:line).
        case exception
        /// The view's result cannot be a value of its kind.
        case badResult
        /// No worker became free in time.
        case busy
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
