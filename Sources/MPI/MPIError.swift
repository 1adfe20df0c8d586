/// An MPI call that failed, with the library's own message.
public struct MPIError: Error, Sendable, CustomStringConvertible {
    /// What was being done, e.g. `MPI_Init_thread`.
    public var operation: String
    /// The error code MPI returned (0 when the failure was ours, e.g. a message too large).
    public var code: Int32
    /// MPI's text for the code, or our explanation.
    public var message: String

    public init(operation: String, code: Int32, message: String) {
        self.operation = operation
        self.code = code
        self.message = message
    }

    public var description: String { "\(operation) failed: \(message)" + (code != 0 ? " (MPI error \(code))" : "") }
}
