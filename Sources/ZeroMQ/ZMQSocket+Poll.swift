import CZeroMQ

extension ZMQSocket {
    /// Waits until the socket can receive (`readable`) and/or send (`writable`) a message.
    ///
    /// - Parameter timeoutMilliseconds: longest wait; 0 checks and returns at once, -1 waits forever.
    ///   An interrupted wait (`EINTR`) resumes for the time that is left.
    /// - Returns: `true` if one of the requested conditions holds.
    /// - Throws: ``ZMQError``, e.g. ``ZMQError/isTerminated`` after ``ZMQContext/shutdown()``.
    public func poll(readable: Bool = true, writable: Bool = false, timeoutMilliseconds: Int) throws(ZMQError) -> Bool {
        let socket = try openHandle("poll")
        let events = (readable ? ZMQ_POLLIN : 0) | (writable ? ZMQ_POLLOUT : 0)
        var item = zmq_pollitem_t(socket: socket, fd: 0, events: Int16(events), revents: 0)
        let clock = ContinuousClock()
        let deadline = timeoutMilliseconds > 0 ? clock.now + .milliseconds(timeoutMilliseconds) : nil
        var timeout = timeoutMilliseconds
        while zmq_poll(&item, 1, timeout) < 0 {
            guard zmq_errno() == Errno.interrupted else { throw ZMQError.last("poll") }
            if let deadline {
                let left = deadline - clock.now
                timeout = max(0, Int(left.components.seconds) * 1000 + Int(left.components.attoseconds / 1_000_000_000_000_000))
            }
            item.revents = 0
        }
        return Int32(item.revents) & events != 0
    }
}
