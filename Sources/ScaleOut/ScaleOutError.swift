/// What went wrong in the scale-out protocol between ranks.
public enum ScaleOutError: Error, Sendable, CustomStringConvertible {
    /// A message from another rank could not be read.
    case malformed(String)
    /// MPI failed.
    case mpi(String)
    /// The input could not be opened.
    case input(String)

    public var description: String {
        switch self {
        case let .malformed(what): return "malformed scale-out message: \(what)"
        case let .mpi(text): return "MPI: \(text)"
        case let .input(text): return "input: \(text)"
        }
    }
}
