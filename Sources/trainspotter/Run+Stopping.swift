import BridgeSockets
import Foundation
import Synchronization

extension Run {
    /// Stops `run` on SIGINT/SIGTERM: closes the input client, so the runner finishes the
    /// trains already queued and `run` goes on to flush the recordings and close everything.
    /// A signal that arrives before the client exists stops it as soon as it is attached.
    final class Stopper: Sendable {
        private struct State {
            var requested: Int32?
            var client: BridgeClient?
        }

        private let state = Mutex(State())

        /// The signal that stopped the run, if any.
        var signal: Int32? { state.withLock { $0.requested } }

        /// Records the request and closes the client attached, if any.
        func stop(_ number: Int32) {
            let client = state.withLock { s -> BridgeClient? in
                s.requested = s.requested ?? number
                return s.client
            }
            client?.close()
        }

        /// The client to close on a stop request (closed at once if one came already).
        func attach(_ client: BridgeClient) {
            let stopNow = state.withLock { s -> Bool in
                s.client = client
                return s.requested != nil
            }
            if stopNow { client.close() }
        }
    }
}
