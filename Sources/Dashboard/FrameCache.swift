import Hummingbird
import Synchronization

/// Encoded result messages shared between clients that ask for the same view at the same size:
/// with three browsers on one image, the image is decimated and encoded once per result, not
/// three times. Only the newest result of each view is kept. Views no client shows are never
/// encoded (sessions encode only what they send).
final class FrameCache: Sendable {
    struct Key: Hashable, Sendable {
        var view: String
        var sequence: UInt64
        var subscription: Subscription
    }

    private let entries = Mutex<[Key: Task<ByteBuffer, Never>]>([:])
    /// Results encoded so far, per view (for tests and diagnostics).
    private let encodes = Mutex<[String: Int]>([:])

    /// The message a client gets for `record` as `subscription` asks, with the history entries after
    /// `historySince`: shared with every client asking for the same result at the same size when
    /// it does not depend on the client (see ``ResultEncoder/isShareable(_:)``), else encoded for it.
    func message(for record: ResultHub.ViewRecord, subscription: Subscription, historySince: UInt64) async -> ByteBuffer {
        let view = record.snapshot.name
        guard ResultEncoder.isShareable(record) else {
            encodes.withLock { $0[view, default: 0] += 1 }
            return ResultEncoder.encode(record, subscription: subscription, historySince: historySince)
        }
        let key = Key(view: view, sequence: record.sequence, subscription: subscription)
        return await message(key) { [self] in
            encodes.withLock { $0[view, default: 0] += 1 }
            return ResultEncoder.encode(record, subscription: subscription, historySince: 0)
        }
    }

    /// The message for `key`, encoding it with `make` unless another client already did (or is doing so).
    func message(_ key: Key, make: @escaping @Sendable () -> ByteBuffer) async -> ByteBuffer {
        let task = entries.withLock { e in
            if let t = e[key] { return t }
            e = e.filter { $0.key.view != key.view || $0.key.sequence >= key.sequence }
            let t = Task(executorPreference: DashboardExecutor.shared) { make() }
            e[key] = t
            return t
        }
        return await task.value
    }

    /// Entries held (for tests and diagnostics).
    var count: Int { entries.withLock { $0.count } }

    /// Results encoded per view so far (for tests and diagnostics).
    var encodedPerView: [String: Int] { encodes.withLock { $0 } }
}
