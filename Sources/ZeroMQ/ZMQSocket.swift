import CZeroMQ

/// A ZeroMQ socket.
///
/// NOT `Sendable`: libzmq sockets are not thread-safe, so create each socket on the thread that
/// uses it and keep it there (one OS thread per blocking socket, never a task on the cooperative
/// pool). Everything it hands out (``ZMQMessage``, ``ZMQError``) is `Sendable`.
///
/// The socket keeps its ``ZMQContext`` alive. Its `ZMQ_LINGER` is set at creation instead of
/// libzmq's default (linger forever, which makes context termination hang on undeliverable
/// messages): 0 for PULL and SUB, ``defaultSendingLinger`` for patterns that send messages.
///
/// Why not 0 everywhere: libzmq 4.3.4 (Debian 12's) aborts the whole process with
/// `Resource temporarily unavailable (src/session_base.cpp:260)` when a socket that is sending a
/// multipart message is closed with linger 0 and the peer's connection drops at about the same
/// moment (the I/O thread finds half a message it can no longer read). With a short linger the
/// pipe stays readable while the connection ends, which closes that window except at the instant
/// the linger runs out. `Tests/ZeroMQTests/CloseRaceTests.swift` reproduces the abort.
/// ``setLinger(milliseconds:)`` overrides the default.
public final class ZMQSocket {
    /// The linger given to sockets whose pattern sends messages (``ZMQSocketType/sendsMessages``):
    /// after close, queued messages keep going out for up to this long, and terminating the
    /// context may wait as long for a peer that stopped reading.
    public static let defaultSendingLinger: Int32 = 200

    /// The socket's pattern.
    public let type: ZMQSocketType

    /// The most frames ``receiveMultipart(dontWait:)`` accepts in one message. The rest of a longer
    /// message is received and discarded, and the call throws an error with code `EMSGSIZE`
    /// (``ZMQError/isMessageTooLarge``); the next message is received normally. Values below 1 count as 1.
    public var maxFramesPerMessage: Int = 1_000_000

    /// The context, kept alive so `zmq_ctx_term` never runs while this socket is open.
    let context: ZMQContext
    /// The `void *` socket handle; `nil` once closed.
    private(set) var handle: UnsafeMutableRawPointer?

    /// Opens a socket of `type` in `context`.
    public init(context: ZMQContext, type: ZMQSocketType) throws(ZMQError) {
        if context.isTerminated { throw ZMQError(code: Errno.terminated, operation: "create \(type) socket in a terminated context") }
        guard let socket = zmq_socket(context.handle, type.rawValue) else {
            throw ZMQError.last("create \(type) socket")
        }
        var linger: Int32 = type.sendsMessages ? ZMQSocket.defaultSendingLinger : 0
        if zmq_setsockopt(socket, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size) != 0 {
            let error = ZMQError.last("set linger on new \(type) socket")
            _ = zmq_close(socket)
            throw error
        }
        self.context = context
        self.type = type
        self.handle = socket
    }

    deinit { close() }

    /// Closes the socket (`zmq_close`). Idempotent; `deinit` also closes. Any later call throws `ENOTSOCK`.
    public func close() {
        guard let socket = handle else { return }
        handle = nil
        _ = zmq_close(socket)
    }

    /// Binds to a local endpoint such as `tcp://127.0.0.1:*`, `ipc:///tmp/x` or `inproc://name`.
    /// With a wildcard port, read the chosen one from ``lastEndpoint``.
    public func bind(_ endpoint: String) throws(ZMQError) {
        try check(zmq_bind(openHandle("bind \(endpoint)"), endpoint), "bind \(endpoint)")
    }

    /// Connects to a remote endpoint. libzmq connects (and reconnects) in the background.
    public func connect(_ endpoint: String) throws(ZMQError) {
        try check(zmq_connect(openHandle("connect \(endpoint)"), endpoint), "connect \(endpoint)")
    }

    /// Stops listening on an endpoint given to ``bind(_:)`` (use the resolved ``lastEndpoint`` for wildcards).
    public func unbind(_ endpoint: String) throws(ZMQError) {
        try check(zmq_unbind(openHandle("unbind \(endpoint)"), endpoint), "unbind \(endpoint)")
    }

    /// Drops a connection made by ``connect(_:)``.
    public func disconnect(_ endpoint: String) throws(ZMQError) {
        try check(zmq_disconnect(openHandle("disconnect \(endpoint)"), endpoint), "disconnect \(endpoint)")
    }

    /// The endpoint last bound or connected (`ZMQ_LAST_ENDPOINT`), with wildcard ports resolved;
    /// `nil` if there is none or the socket is closed.
    public var lastEndpoint: String? {
        guard let socket = handle else { return nil }
        var buffer = [UInt8](repeating: 0, count: 1024)
        var size = buffer.count
        guard zmq_getsockopt(socket, ZMQ_LAST_ENDPOINT, &buffer, &size) == 0 else { return nil }
        let text = buffer.prefix { $0 != 0 }
        return text.isEmpty ? nil : String(decoding: text, as: UTF8.self)
    }

    /// The open handle, or `ENOTSOCK` for `operation` if the socket was closed.
    func openHandle(_ operation: @autoclosure () -> String) throws(ZMQError) -> UnsafeMutableRawPointer {
        guard let socket = handle else {
            throw ZMQError(code: Errno.notASocket, operation: "\(operation()) (socket closed)")
        }
        return socket
    }

    /// Throws the current libzmq error for `operation` when `result` is not 0.
    func check(_ result: Int32, _ operation: @autoclosure () -> String) throws(ZMQError) {
        if result != 0 { throw ZMQError.last(operation()) }
    }
}

/// Sockets belong to one thread.
@available(*, unavailable)
extension ZMQSocket: Sendable {}
