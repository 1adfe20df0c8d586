/// Why the dashboard could not do something.
public enum DashboardError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Text that is not the JSON expected.
    case badJSON(String)
    /// A browser message the server does not understand.
    case badRequest(String)
    /// The HTTP server could not bind or stopped.
    case server(String)

    public var description: String {
        switch self {
        case let .badJSON(text): return "not valid JSON: \(text)"
        case let .badRequest(text): return "bad request: \(text)"
        case let .server(text): return "dashboard server: \(text)"
        }
    }
}
