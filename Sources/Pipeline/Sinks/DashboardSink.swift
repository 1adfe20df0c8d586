import Dashboard

/// The live dashboard as a sink: every message is handed to it without waiting for any browser.
public struct DashboardSink: ResultSink {
    /// The dashboard fed.
    public let server: DashboardServer

    public init(_ server: DashboardServer) { self.server = server }

    public func accept(_ message: ResultMessage) async {
        server.ingest(message.train, receivedAt: message.encodedAt)
    }

    public func close() async -> SinkReport {
        await server.stop()
        return SinkReport()
    }
}
