import ByteSlices
import CZeroMQ

extension ZMQSocket {
    /// Frames shorter than this are copied into the message; longer ones are sent without copying.
    static let zeroCopyThreshold = 256

    /// Sends `frames` as one multipart message.
    ///
    /// Frames of 256 bytes or more are sent **without copying**: libzmq reads the slice's memory
    /// directly, and the slice's storage stays retained until libzmq is done with it (after the
    /// bytes are written to the wire, or, over `inproc`, until the receiver's ``ZMQMessage`` is
    /// released). The release may happen on a libzmq I/O thread. Shorter frames are copied.
    ///
    /// Atomicity: libzmq delivers a multipart message whole or not at all. The high-water mark is
    /// checked only for the first frame, so `false` (`EAGAIN`: `dontWait`, or the send timeout
    /// expired) normally means the first frame was refused and **nothing** was queued. The one
    /// exception is a PUSH/DEALER/REQ peer vanishing in the middle of a non-blocking send: libzmq
    /// then rolls back the frames already queued; this method still passes the remaining frames
    /// through (libzmq discards them, so its multipart state ends at the message boundary) and
    /// returns `false`, again with nothing delivered. In blocking mode libzmq drops such a message
    /// silently. The socket is ready for the next message in every case.
    ///
    /// - Returns: `true` if the message was queued, `false` if the send would block or timed out.
    /// - Throws: ``ZMQError``, e.g. ``ZMQError/isTerminated`` after ``ZMQContext/shutdown()``;
    ///   `EINVAL` for an empty `frames`; `EFSM` when the pattern forbids sending now (REQ/REP).
    ///   An error thrown after the first frame (only `ETERM` or an allocation failure in practice)
    ///   leaves the message unfinished: close the socket.
    @discardableResult
    public func send(_ frames: [ByteSlice], dontWait: Bool = false) throws(ZMQError) -> Bool {
        let socket = try openHandle("send")
        guard !frames.isEmpty else {
            throw ZMQError(code: Errno.invalidArgument, operation: "send: a message needs at least one frame")
        }
        let message = UnsafeMutablePointer<zmq_msg_t>.allocate(capacity: 1)
        defer { message.deallocate() }
        var delivered = true
        for (index, frame) in frames.enumerated() {
            let isLast = index == frames.count - 1
            let flags = (dontWait ? ZMQ_DONTWAIT : 0) | (isLast ? 0 : ZMQ_SNDMORE)
            let operation = "send frame \(index + 1) of \(frames.count) (\(frame.count) bytes)"
            try Self.initialize(message, with: frame, operation)
            if try !Self.send(message, socket, flags: flags, operation) {
                if index == 0 { return false }
                delivered = false  // rolled back by libzmq; the remaining frames are discarded by it
            }
        }
        return delivered
    }

    /// Sends `bytes` as a single-frame message, copying them.
    ///
    /// - Returns: `true` if the message was queued, `false` if the send would block or timed out.
    @discardableResult
    public func send(bytes: [UInt8], dontWait: Bool = false) throws(ZMQError) -> Bool {
        let socket = try openHandle("send")
        let message = UnsafeMutablePointer<zmq_msg_t>.allocate(capacity: 1)
        defer { message.deallocate() }
        let operation = "send \(bytes.count) bytes"
        guard bytes.withUnsafeBytes({ Self.initialize(message, copying: $0) }) else { throw ZMQError.last(operation) }
        return try Self.send(message, socket, flags: dontWait ? ZMQ_DONTWAIT : 0, operation)
    }

    /// Initializes `message` for `frame`: zero-copy for large frames, a copy for small ones.
    private static func initialize(
        _ message: UnsafeMutablePointer<zmq_msg_t>, with frame: ByteSlice, _ operation: @autoclosure () -> String
    ) throws(ZMQError) {
        guard frame.count >= zeroCopyThreshold else {
            guard frame.withUnsafeBytes({ initialize(message, copying: $0) }) else { throw ZMQError.last(operation()) }
            return
        }
        // ByteStorage promises an address that is stable while the storage lives; the retain
        // below keeps it alive until libzmq calls the free function.
        guard let base = frame.storage.storageBytes.baseAddress else {
            throw ZMQError(code: Errno.invalidArgument, operation: "\(operation()): storage has no memory")
        }
        let owner = Unmanaged<AnyObject>.passRetained(frame.storage as AnyObject).toOpaque()
        let result = zmq_msg_init_data(
            message, UnsafeMutableRawPointer(mutating: base + frame.offset), frame.count,
            { _, owner in
                // Runs once libzmq no longer needs the bytes, possibly on a libzmq I/O thread.
                if let owner { Unmanaged<AnyObject>.fromOpaque(owner).release() }
            },
            owner)
        if result != 0 {
            // libzmq did not take the message, so it will never call the free function.
            Unmanaged<AnyObject>.fromOpaque(owner).release()
            throw ZMQError.last(operation())
        }
    }

    /// Initializes `message` with a copy of `bytes`; `false` if libzmq could not allocate it.
    private static func initialize(_ message: UnsafeMutablePointer<zmq_msg_t>, copying bytes: UnsafeRawBufferPointer) -> Bool {
        guard zmq_msg_init_size(message, bytes.count) == 0 else { return false }
        if let base = bytes.baseAddress, bytes.count > 0 {
            zmq_msg_data(message).copyMemory(from: base, byteCount: bytes.count)
        }
        return true
    }

    /// Sends an initialized message, retrying on `EINTR`. On success libzmq owns the message; on
    /// failure it is closed here. Returns `false` on `EAGAIN`.
    private static func send(
        _ message: UnsafeMutablePointer<zmq_msg_t>, _ socket: UnsafeMutableRawPointer, flags: Int32,
        _ operation: @autoclosure () -> String
    ) throws(ZMQError) -> Bool {
        while true {
            if zmq_msg_send(message, socket, flags) >= 0 { return true }
            let code = zmq_errno()
            if code == Errno.interrupted { continue }
            _ = zmq_msg_close(message)
            if code == Errno.wouldBlock { return false }
            throw ZMQError(code: code, operation: operation())
        }
    }
}
