import BridgeSockets
import Foundation
import Logging

extension Simulator {
    /// Binds a server, retrying (a restart's old socket may still hold the port for a moment).
    static func bind(_ endpoint: String, _ c: SimulatorConfiguration, logger: Logger, attempts: Int) -> Result<BridgeServer, SimulatorError> {
        var last = ""
        for attempt in 0..<attempts {
            do {
                return .success(try BridgeServer.startBlocking(
                    BridgeServerConfiguration(endpoint: endpoint, pattern: c.pattern, protocolVersion: c.protocolVersion),
                    logger: logger))
            } catch {
                last = "\(error)"
            }
            if attempt + 1 < attempts { Thread.sleep(forTimeInterval: 0.05) }
        }
        return .failure(.bindFailed(endpoint: endpoint, reason: last))
    }
}
