import CZeroMQ

/// A failed libzmq call: the `errno` value libzmq reported and what was being attempted.
public struct ZMQError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `errno` value from `zmq_errno()` (libzmq's own codes such as `ETERM` included).
    public let code: Int32
    /// What was being attempted, e.g. `"bind tcp://127.0.0.1:5555"`.
    public let operation: String

    /// Makes an error from an `errno` value and a description of the attempted operation.
    public init(code: Int32, operation: String) {
        self.code = code
        self.operation = operation
    }

    /// Whether the socket's context was shut down or terminated (`ETERM`).
    /// Blocking calls end with this error after ``ZMQContext/shutdown()``.
    public var isTerminated: Bool { code == Errno.terminated }

    /// Whether a message was refused for its size (`EMSGSIZE`), including a received message with
    /// more frames than ``ZMQSocket/maxFramesPerMessage``. The socket stays usable.
    public var isMessageTooLarge: Bool { code == Errno.messageTooLarge }

    /// libzmq's text for the error code, the operation and the code itself.
    public var description: String {
        "ZeroMQ error in \(operation): \(String(cString: zmq_strerror(code))) (errno \(code))"
    }

    /// The error libzmq reported for the call that just failed on this thread.
    static func last(_ operation: @autoclosure () -> String) -> ZMQError {
        ZMQError(code: zmq_errno(), operation: operation())
    }
}

/// `errno` values used by the wrapper, read through the C shim.
enum Errno {
    static let wouldBlock = zmqshim_eagain()
    static let interrupted = zmqshim_eintr()
    static let invalidArgument = zmqshim_einval()
    static let messageTooLarge = zmqshim_emsgsize()
    static let outOfMemory = zmqshim_enomem()
    static let notASocket = zmqshim_enotsock()
    static let terminated = zmqshim_eterm()
}
