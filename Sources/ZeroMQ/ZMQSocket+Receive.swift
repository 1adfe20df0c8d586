import CZeroMQ

extension ZMQSocket {
    /// Receives one whole multipart message, each frame a ``ZMQMessage`` (no copy).
    ///
    /// libzmq delivers multipart messages atomically, so once the first frame has arrived the rest
    /// are already there. `EINTR` is retried.
    ///
    /// - Parameter dontWait: return `nil` at once when no message is queued.
    /// - Returns: the frames, or `nil` on `EAGAIN` (receive timeout expired, or `dontWait` with nothing queued).
    /// - Throws: ``ZMQError``: ``ZMQError/isTerminated`` after ``ZMQContext/shutdown()``;
    ///   ``ZMQError/isMessageTooLarge`` when the message has more than ``maxFramesPerMessage`` frames
    ///   (the whole message is then discarded and the next one can be received normally).
    public func receiveMultipart(dontWait: Bool = false) throws(ZMQError) -> [ZMQMessage]? {
        switch try receiveMultipart(dontWait: dontWait, maxBytes: .max) {
        case nil: return nil
        case let .message(frames)?: return frames
        case let .tooManyFrames(total)?:
            throw ZMQError(
                code: Errno.messageTooLarge,
                operation: "receive: message of \(total) frames exceeds maxFramesPerMessage (\(max(1, maxFramesPerMessage))); discarded")
        case let .tooLarge(frames, bytes)?:
            throw ZMQError(code: Errno.messageTooLarge, operation: "receive: message of \(bytes) bytes in \(frames) frames; discarded")
        }
    }

    /// Receives one whole multipart message, keeping at most `maxBytes` bytes of frames.
    ///
    /// Frames are kept while their sizes add up to at most `maxBytes` and at most
    /// ``maxFramesPerMessage`` of them arrive. Once either limit is passed, the frames kept so
    /// far are released and the rest of the message is received and closed one frame at a time,
    /// so the socket is ready for the next message and no more than the limit is ever held here.
    /// (libzmq itself queues a whole multipart message before the first frame can be read; its
    /// per-frame limit is ``setMaxMessageSize(_:)``.) `EINTR` is retried.
    ///
    /// - Parameter dontWait: return `nil` at once when no message is queued.
    /// - Returns: the outcome, or `nil` on `EAGAIN` (receive timeout expired, or `dontWait` with nothing queued).
    /// - Throws: ``ZMQError``: ``ZMQError/isTerminated`` after ``ZMQContext/shutdown()``.
    public func receiveMultipart(dontWait: Bool, maxBytes: Int) throws(ZMQError) -> ZMQMultipart? {
        let socket = try openHandle("receive")
        guard var (frame, more) = try Self.receiveFrame(socket, flags: dontWait ? ZMQ_DONTWAIT : 0, "receive") else {
            return nil
        }
        let limit = max(1, maxFramesPerMessage)
        var bytes = frame.slice.count
        if bytes > maxBytes {
            let (total, totalBytes) = more ? try Self.discardRest(of: socket, received: 1) : (1, 0)
            return .tooLarge(frames: total, bytes: bytes + totalBytes)
        }
        var frames = [frame]
        while more {
            guard frames.count < limit else {
                let (total, _) = try Self.discardRest(of: socket, received: frames.count)
                return .tooManyFrames(frames: total)
            }
            let operation = "receive frame \(frames.count + 1)"
            // Later frames of a message are already queued: this never waits.
            guard let next = try Self.receiveFrame(socket, flags: 0, operation) else {
                throw ZMQError(code: Errno.wouldBlock, operation: "\(operation): multipart message cut short")
            }
            (frame, more) = next
            let (sum, overflow) = bytes.addingReportingOverflow(frame.slice.count)
            guard !overflow, sum <= maxBytes else {
                let count = frames.count + 1
                frames.removeAll()  // release what was kept before draining the rest
                let kept = bytes &+ frame.slice.count
                let (total, rest) = more ? try Self.discardRest(of: socket, received: count) : (count, 0)
                return .tooLarge(frames: total, bytes: kept &+ rest)
            }
            bytes = sum
            frames.append(frame)
        }
        return .message(frames)
    }

    /// Receives one frame; `nil` on `EAGAIN`.
    private static func receiveFrame(
        _ socket: UnsafeMutableRawPointer, flags: Int32, _ operation: @autoclosure () -> String
    ) throws(ZMQError) -> (frame: ZMQMessage, more: Bool)? {
        let message = UnsafeMutablePointer<zmq_msg_t>.allocate(capacity: 1)
        guard zmq_msg_init(message) == 0 else {
            message.deallocate()
            throw ZMQError.last(operation())
        }
        while zmq_msg_recv(message, socket, flags) < 0 {
            let code = zmq_errno()
            if code == Errno.interrupted { continue }
            _ = zmq_msg_close(message)
            message.deallocate()
            if code == Errno.wouldBlock { return nil }
            throw ZMQError(code: code, operation: operation())
        }
        let more = zmq_msg_more(message) != 0
        return (ZMQMessage(taking: message), more)
    }

    /// Receives and drops the remaining frames of the current message; returns the message's
    /// total frame count and the bytes of the dropped frames.
    private static func discardRest(of socket: UnsafeMutableRawPointer, received: Int) throws(ZMQError) -> (frames: Int, bytes: Int) {
        let message = UnsafeMutablePointer<zmq_msg_t>.allocate(capacity: 1)
        defer { message.deallocate() }
        var total = received
        var bytes = 0
        var more = true
        while more {
            guard zmq_msg_init(message) == 0 else { throw ZMQError.last("discard frame \(total + 1)") }
            while zmq_msg_recv(message, socket, 0) < 0 {
                let code = zmq_errno()
                if code == Errno.interrupted { continue }
                _ = zmq_msg_close(message)
                throw ZMQError(code: code, operation: "discard frame \(total + 1) of an oversized message")
            }
            more = zmq_msg_more(message) != 0
            bytes &+= zmq_msg_size(message)
            _ = zmq_msg_close(message)
            total += 1
        }
        return (total, bytes)
    }
}
