import Hummingbird
import Synchronization

/// Encoded result messages shared between clients that ask for the same view at the same size:
/// with three browsers on one image, the image is decimated once per result, not three times.
/// Only the newest result of each view is kept.
final class FrameCache: Sendable {
    struct Key: Hashable, Sendable {
        var view: String
        var sequence: UInt64
        var subscription: Subscription
    }

    private let entries = Mutex<[Key: Task<ByteBuffer, Never>]>([:])

    /// The message for `key`, encoding it with `make` unless another client already did (or is doing so).
    func message(_ key: Key, make: @escaping @Sendable () -> ByteBuffer) async -> ByteBuffer {
        let task = entries.withLock { e in
            if let t = e[key] { return t }
            e = e.filter { $0.key.view != key.view || $0.key.sequence >= key.sequence }
            let t = Task { make() }
            e[key] = t
            return t
        }
        return await task.value
    }

    /// Entries held (for tests and diagnostics).
    var count: Int { entries.withLock { $0.count } }
}
