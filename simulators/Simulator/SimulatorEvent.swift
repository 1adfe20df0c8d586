/// What a running ``Simulator`` reports.
public enum SimulatorEvent: Sendable {
    /// A train was handed to the socket (reported with `--debug`).
    case trainSent(UInt64)
    /// A fault was injected.
    case fault(FaultRecord)
    /// The periodic status (every `statusInterval` seconds).
    case status(SimulatorStatus)
    /// The socket was closed and bound again (`--restart-every`).
    case restarted(endpoint: String)
}
