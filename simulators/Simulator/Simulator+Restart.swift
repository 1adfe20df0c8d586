import BridgeSockets

extension Simulator {
    /// Closes the socket and binds it again (`--restart-every`).
    func restart(afterTrain trainID: UInt64) {
        waitUntilSent(timeout: 2)
        record(FaultRecord(kind: .restart, trainID: trainID, detail: "socket closed after this train and bound again"))
        let old = state.withLock { s -> BridgeServer? in
            let old = s.server
            s.server = nil
            if let stats = old?.statistics.snapshot {
                s.closedMessages += stats.messagesSent
                s.closedBytes += stats.bytesSent
            }
            return old
        }
        old?.close()
        switch Simulator.bind(endpoint, configuration, logger: logger, attempts: 200) {
        case let .success(server):
            state.withLock { $0.server = server }
            if isStopped { server.close() }
            events(.restarted(endpoint: server.endpoint))
        case let .failure(error):
            logger.error("\(error.description)")
            stopped.set()
        }
    }
}
