import BridgeSockets
import KaraboBridge

/// One input of a ``TrainMatcher``: a name (for counters and status) and a producer of
/// decoded messages.
public struct MatcherInput: Sendable {
    /// The name shown in counters (e.g. the endpoint).
    public let name: String
    /// Delivers messages until the input ends; `deliver` returns false when the matcher stopped.
    let run: @Sendable (_ deliver: @Sendable (Train) async -> Bool) async -> Void

    /// Any sequence of trains (e.g. an `AsyncStream<Train>`); an error thrown by it ends the input.
    public init<S: AsyncSequence & Sendable>(name: String, trains: S) where S.Element == Train {
        self.name = name
        run = { deliver in
            do {
                for try await train in trains {
                    guard await deliver(train) else { return }
                }
            } catch {}
        }
    }

    /// A bridge client's trains; undecodable messages and timeouts are skipped, a socket
    /// error ends the input.
    public init(name: String, client: BridgeClient) {
        self.name = name
        run = { deliver in
            for await event in client {
                switch event {
                case let .train(train, _):
                    guard await deliver(train) else { return }
                case .socketError:
                    return
                case .decodeError, .timeout:
                    continue
                }
            }
        }
    }
}
