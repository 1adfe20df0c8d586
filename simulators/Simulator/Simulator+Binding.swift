import BridgeSockets
import Foundation
import Logging

extension Simulator {
    /// Binds a server, retrying (a restart's old socket may still hold the port for a moment).
    static func bind(_ endpoint: String, _ c: SimulatorConfiguration, logger: Logger, attempts: Int) -> Result<BridgeServer, SimulatorError> {
        var last = ""
        for attempt in 0..<attempts {
            let result: Result<BridgeServer, ZMQErrorText> = blockingAwait {
                do {
                    return .success(try await BridgeServer.start(
                        BridgeServerConfiguration(endpoint: endpoint, pattern: c.pattern, protocolVersion: c.protocolVersion),
                        logger: logger))
                } catch {
                    return .failure(ZMQErrorText(text: "\(error)"))
                }
            }
            switch result {
            case let .success(server): return .success(server)
            case let .failure(error): last = error.text
            }
            if attempt + 1 < attempts { Thread.sleep(forTimeInterval: 0.05) }
        }
        return .failure(.bindFailed(endpoint: endpoint, reason: last))
    }
}

/// A bind error as text (its type, ZMQError, lives in a module this one does not depend on).
struct ZMQErrorText: Error, Sendable {
    let text: String
}
