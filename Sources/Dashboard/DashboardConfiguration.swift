import Logging

/// How a ``DashboardServer`` binds and paces its clients.
public struct DashboardConfiguration: Sendable {
    /// Interface to listen on; loopback by default (the dashboard can change the running views
    /// and has no authentication).
    public var host: String
    /// TCP port; 0 picks a free one.
    public var port: Int
    /// Most result messages per second sent to one client for one view.
    public var maxUpdatesPerSecond: Double
    /// Seconds between status messages (counters, per-view freshness).
    public var statusInterval: Double
    /// Seconds after which the page marks a view without new results as stale.
    public var staleAfter: Double
    /// Trains kept for scalar trends and accumulated scatters.
    public var historyLength: Int
    /// The page title.
    public var title: String
    /// Where the server logs (warnings by default).
    public var logger: Logger

    public init(host: String = "127.0.0.1", port: Int = 8080, maxUpdatesPerSecond: Double = 10, statusInterval: Double = 0.5,
                staleAfter: Double = 5, historyLength: Int = 1000, title: String = "Trainspotter",
                logger: Logger = DashboardConfiguration.defaultLogger) {
        self.host = host
        self.port = port
        self.maxUpdatesPerSecond = maxUpdatesPerSecond
        self.statusInterval = statusInterval
        self.staleAfter = staleAfter
        self.historyLength = historyLength
        self.title = title
        self.logger = logger
    }

    /// `HOST:PORT`, `:PORT` or `PORT` (host 127.0.0.1), as given to `--dashboard`.
    public init?(address: String) {
        var host = "127.0.0.1", portText = address
        if let colon = address.lastIndex(of: ":") {
            let h = String(address[..<colon]).trimmingCharacters(in: ["[", "]"])
            if !h.isEmpty { host = h }
            portText = String(address[address.index(after: colon)...])
        }
        guard let port = Int(portText), (0..<65536).contains(port) else { return nil }
        self.init(host: host, port: port)
    }

    /// A logger labelled `trainspotter.dashboard` that shows warnings and errors.
    public static var defaultLogger: Logger {
        var logger = Logger(label: "trainspotter.dashboard")
        logger.logLevel = .warning
        return logger
    }

    /// Whether `host` stays on this machine.
    var isLoopback: Bool { host == "localhost" || host == "::1" || host.hasPrefix("127.") }
}
