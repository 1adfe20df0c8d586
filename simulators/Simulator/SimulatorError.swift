/// Why the simulator could not start or stopped.
public enum SimulatorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An option value that cannot work.
    case invalidOption(String)
    /// The socket could not be bound (or rebound after `--restart-every`).
    case bindFailed(endpoint: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidOption(text): return text
        case let .bindFailed(endpoint, reason): return "cannot bind \(endpoint): \(reason)"
        }
    }
}
