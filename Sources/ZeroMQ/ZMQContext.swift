import CZeroMQ

/// A libzmq context: the I/O threads and the namespace for `inproc://` endpoints.
///
/// libzmq contexts are thread-safe, so the wrapper is `Sendable`. Every ``ZMQSocket`` keeps a strong
/// reference to its context, so the context is terminated (`zmq_ctx_term`, in `deinit`) only after
/// all of its sockets are closed and gone; termination therefore never blocks on a live socket.
public final class ZMQContext: @unchecked Sendable {
    /// The `void *` context handle. Valid for the object's lifetime.
    let handle: UnsafeMutableRawPointer

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

    deinit {
        // Sockets hold strong references to their context, so none is open here and term cannot block.
        while zmq_ctx_term(handle) != 0, zmq_errno() == Errno.interrupted {}
    }
}
