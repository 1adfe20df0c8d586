import ByteSlices

/// A message received from another rank.
public struct MPIMessage: Sendable {
    /// The sending rank.
    public var source: Int
    /// The message's tag.
    public var tag: Int32
    /// Its bytes (a buffer MPI received into, owned by the slice).
    public var bytes: ByteSlice
}

/// What the MPI thread hands to the world's consumer.
public enum MPIEvent: Sendable {
    /// A message arrived.
    case message(MPIMessage)
    /// An MPI call failed on the MPI thread (the thread goes on).
    case error(MPIError)
}
