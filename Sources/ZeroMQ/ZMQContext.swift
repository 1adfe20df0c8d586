import CZeroMQ
import Synchronization

/// A libzmq context: the I/O threads and the namespace for `inproc://` endpoints.
///
/// libzmq contexts are thread-safe, so the wrapper is `Sendable`. Every ``ZMQSocket`` keeps a strong
/// reference to its context, so the context is terminated (`zmq_ctx_term`, in `deinit`) only after
/// all of its sockets are closed and gone; termination therefore never blocks on a live socket.
public final class ZMQContext: @unchecked Sendable {
    /// The `void *` context handle. Valid for the object's lifetime.
    let handle: UnsafeMutableRawPointer
    /// Set once `zmq_ctx_term` has returned.
    private let terminated = Atomic<Bool>(false)

    /// Creates a context with `ioThreads` background I/O threads (`ZMQ_IO_THREADS`).
    public init(ioThreads: Int = 1) throws(ZMQError) {
        guard let context = zmq_ctx_new() else { throw ZMQError.last("create context") }
        if zmq_ctx_set(context, ZMQ_IO_THREADS, Int32(clamping: ioThreads)) != 0 {
            let error = ZMQError.last("set context I/O threads to \(ioThreads)")
            _ = zmq_ctx_term(context)
            throw error
        }
        handle = context
    }

    /// Makes every blocking call on this context's sockets return `ETERM` (`zmq_ctx_shutdown`),
    /// now and from then on; see ``ZMQError/isTerminated``. Sockets must still be closed (or
    /// released) afterwards. Idempotent and safe to call from any thread.
    public func shutdown() {
        _ = zmq_ctx_shutdown(handle)
    }

    /// Terminates the context now (`zmq_ctx_term`) instead of in `deinit`: blocks until every
    /// socket of the context is closed and their lingering messages are sent or their linger has
    /// run out, so call it on a thread that may block, after closing the sockets. Later calls,
    /// and `deinit`, do nothing. No socket may be created on the context afterwards.
    public func terminate() {
        guard !terminated.load(ordering: .acquiring) else { return }
        while zmq_ctx_term(handle) != 0, zmq_errno() == Errno.interrupted {}
        terminated.store(true, ordering: .releasing)
    }

    /// Whether ``terminate()`` has run.
    public var isTerminated: Bool { terminated.load(ordering: .acquiring) }

    deinit {
        // Sockets hold strong references to their context, so none is open here; term waits at
        // most for sending sockets' short linger (see ``ZMQSocket/defaultSendingLinger``).
        terminate()
    }
}
