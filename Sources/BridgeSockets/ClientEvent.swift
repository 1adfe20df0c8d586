import KaraboBridge

/// What a ``BridgeClient`` reports.
public enum ClientEvent: Sendable {
    /// A decoded train and the message it came from.
    case train(Train, RawMessage)
    /// A message that could not be decoded; the client goes on with the next one.
    case decodeError(BridgeDecodeError, RawMessage)
    /// Nothing arrived for `seconds`. A REQ client has recreated its socket and asked again.
    case timeout(seconds: Double, reconnected: Bool)
    /// The socket failed (e.g. a bad endpoint); the client stops after this.
    case socketError(String)

    /// The train, for `.train` events.
    public var train: Train? { if case let .train(t, _) = self { return t }; return nil }
}
