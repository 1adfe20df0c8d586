import Foundation

/// A worker's counters, sent to the coordinator about every half second (also its heartbeat).
public struct WorkerStatus: Sendable, Codable, Equatable {
    /// The worker's rank.
    public var rank: Int
    /// Trains taken from the input (before the share-out filter of a PUB input).
    public var received: Int
    /// Trains run through the per-train stage and sent.
    public var trains: Int
    /// Seconds spent in the per-train stage.
    public var busySeconds: Double
    /// Seconds since the worker started.
    public var uptimeSeconds: Double
    /// Trains waiting in the worker's input queue.
    public var queued: Int
    /// Trains the worker's input queue dropped (newest wins).
    public var dropped: Int
    /// The last train sent.
    public var lastTrain: UInt64?
    /// The view versions of the last graph the worker ran, by view.
    public var versions: [String: Int]

    /// Busy time as a fraction of the uptime.
    public var busyFraction: Double { uptimeSeconds > 0 ? busySeconds / uptimeSeconds : 0 }

    func encoded() -> [UInt8] { (try? Array(JSONEncoder().encode(self))) ?? [] }
    static func decode(_ bytes: [UInt8]) -> WorkerStatus? { try? JSONDecoder().decode(WorkerStatus.self, from: Data(bytes)) }
}
