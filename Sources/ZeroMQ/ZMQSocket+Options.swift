import CZeroMQ

extension ZMQSocket {
    /// How long unsent messages are kept after close (`ZMQ_LINGER`): 0 drops them (the default
    /// for sockets made here), -1 waits forever (context termination then waits too).
    public func setLinger(milliseconds: Int32) throws(ZMQError) {
        try setOption(ZMQ_LINGER, milliseconds, "linger")
    }

    /// Most messages queued for sending per peer (`ZMQ_SNDHWM`, 0 = unlimited). Set before bind/connect.
    public func setSendHighWaterMark(_ n: Int32) throws(ZMQError) {
        try setOption(ZMQ_SNDHWM, n, "send high-water mark")
    }

    /// Most received messages queued per peer (`ZMQ_RCVHWM`, 0 = unlimited). Set before bind/connect.
    public func setReceiveHighWaterMark(_ n: Int32) throws(ZMQError) {
        try setOption(ZMQ_RCVHWM, n, "receive high-water mark")
    }

    /// How long a blocking receive waits before returning `nil` (`ZMQ_RCVTIMEO`; -1 = forever, 0 = never waits).
    public func setReceiveTimeout(milliseconds: Int32) throws(ZMQError) {
        try setOption(ZMQ_RCVTIMEO, milliseconds, "receive timeout")
    }

    /// How long a blocking send waits before returning `false` (`ZMQ_SNDTIMEO`; -1 = forever, 0 = never waits).
    public func setSendTimeout(milliseconds: Int32) throws(ZMQError) {
        try setOption(ZMQ_SNDTIMEO, milliseconds, "send timeout")
    }

    /// Subscribes a SUB socket to messages whose first frame starts with `prefix` (`ZMQ_SUBSCRIBE`);
    /// the empty prefix subscribes to everything.
    public func subscribe(prefix: [UInt8] = []) throws(ZMQError) {
        let socket = try openHandle("subscribe")
        let result = prefix.withUnsafeBytes { zmq_setsockopt(socket, ZMQ_SUBSCRIBE, $0.baseAddress, $0.count) }
        try check(result, "subscribe to a \(prefix.count)-byte prefix")
    }

    /// Largest frame accepted from a peer, in bytes (`ZMQ_MAXMSGSIZE`; -1 = unlimited).
    /// A peer sending a larger frame is disconnected.
    public func setMaxMessageSize(_ bytes: Int64) throws(ZMQError) {
        try setOption(ZMQ_MAXMSGSIZE, bytes, "maximum message size")
    }

    /// Queues messages only for completed connections (`ZMQ_IMMEDIATE`).
    public func setImmediate(_ on: Bool) throws(ZMQError) {
        try setOption(ZMQ_IMMEDIATE, Int32(on ? 1 : 0), "immediate")
    }

    /// Kernel receive buffer size in bytes (`ZMQ_RCVBUF`; -1 = OS default).
    public func setReceiveBufferSize(_ bytes: Int32) throws(ZMQError) {
        try setOption(ZMQ_RCVBUF, bytes, "receive buffer size")
    }

    /// Kernel send buffer size in bytes (`ZMQ_SNDBUF`; -1 = OS default).
    public func setSendBufferSize(_ bytes: Int32) throws(ZMQError) {
        try setOption(ZMQ_SNDBUF, bytes, "send buffer size")
    }

    /// Lets a REQ socket send a new request without waiting for the reply (`ZMQ_REQ_RELAXED`).
    public func setRequestRelaxed(_ on: Bool) throws(ZMQError) {
        try setOption(ZMQ_REQ_RELAXED, Int32(on ? 1 : 0), "request relaxed")
    }

    /// Makes a REQ socket match replies to requests, dropping stale ones (`ZMQ_REQ_CORRELATE`).
    public func setRequestCorrelate(_ on: Bool) throws(ZMQError) {
        try setOption(ZMQ_REQ_CORRELATE, Int32(on ? 1 : 0), "request correlate")
    }

    /// Pause before reconnecting after a lost connection (`ZMQ_RECONNECT_IVL`; -1 = no reconnect).
    public func setReconnectInterval(milliseconds: Int32) throws(ZMQError) {
        try setOption(ZMQ_RECONNECT_IVL, milliseconds, "reconnect interval")
    }

    /// `zmq_setsockopt` with a fixed-size integer value.
    private func setOption<Value: FixedWidthInteger>(
        _ option: Int32, _ value: Value, _ name: String
    ) throws(ZMQError) {
        let socket = try openHandle("set \(name)")
        var value = value
        try check(zmq_setsockopt(socket, option, &value, MemoryLayout<Value>.size), "set \(name) to \(value)")
    }
}
