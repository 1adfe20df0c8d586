/// One entry of a MessagePack map.
public struct MessagePackPair: Sendable, Equatable {
    /// The entry's key (any value: protocol 1.0 of the Karabo Bridge uses bin keys).
    public var key: MessagePackValue
    /// The entry's value.
    public var value: MessagePackValue

    /// An entry mapping `key` to `value`.
    public init(_ key: MessagePackValue, _ value: MessagePackValue) {
        self.key = key
        self.value = value
    }
}
