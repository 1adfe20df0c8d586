import Foundation

/// Counters at one moment.
public struct SimulatorStatus: Sendable, Equatable, CustomStringConvertible {
    /// Train IDs generated (including trains a fault dropped).
    public var trainsGenerated: Int
    /// Messages the socket has sent (duplicates and corrupted messages included).
    public var messagesSent: Int
    /// Bytes the socket has sent.
    public var bytesSent: Int
    /// Messages per second over the last interval.
    public var rate: Double
    /// Megabytes (10⁶ B) per second over the last interval.
    public var megabytesPerSecond: Double
    /// Seconds since the first train.
    public var elapsed: Double

    public var description: String {
        "sent \(messagesSent) trains (\(trainsGenerated) generated), "
            + String(format: "%.1f Hz, %.1f MB/s", rate, megabytesPerSecond)
    }
}
