/// The totals of a finished run.
public struct SimulatorSummary: Sendable, Equatable {
    /// Train IDs generated.
    public var trainsGenerated: Int
    /// Messages handed to the socket.
    public var messagesQueued: Int
    /// Messages the socket sent.
    public var messagesSent: Int
    /// Bytes the socket sent.
    public var bytesSent: Int
    /// Seconds from the first train to the end.
    public var seconds: Double
    /// Faults injected, by kind.
    public var faults: [FaultKind: Int]
}
