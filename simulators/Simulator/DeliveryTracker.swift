import ByteSlices
import Synchronization

/// Counts messages that libzmq has not let go of yet.
///
/// Each frame handed to the server is re-wrapped in a ``TrackedStorage`` that views the same
/// memory (still zero copy) and holds a per-message token. libzmq releases a zero-copy frame
/// once it has written it to the kernel (or dropped it); when every frame of a message is
/// released, the token goes and the count drops. So `pending == 0` means everything handed
/// over has left the process, which is what `--ntrains` waits for before closing the socket.
final class DeliveryTracker: Sendable {
    private let outstanding = Atomic<Int>(0)

    /// Messages handed over and not yet released by libzmq (or by a closed server's queue).
    var pending: Int { outstanding.load(ordering: .acquiring) }

    /// `frames`, viewing the same bytes, tied to one new token.
    func track(_ frames: [ByteSlice]) -> [ByteSlice] {
        outstanding.add(1, ordering: .relaxed)
        let token = MessageToken(tracker: self)
        return frames.map { ByteSlice(TrackedStorage(base: $0.storage, token: token), offset: $0.offset, count: $0.count)! }
    }

    fileprivate func release() {
        outstanding.subtract(1, ordering: .releasing)
    }
}

/// Alive while any frame of one message is.
private final class MessageToken: Sendable {
    let tracker: DeliveryTracker
    init(tracker: DeliveryTracker) { self.tracker = tracker }
    deinit { tracker.release() }
}

/// Another storage's bytes, plus the token of the message they travel in.
private final class TrackedStorage: ByteStorage {
    let base: any ByteStorage
    let token: MessageToken
    init(base: any ByteStorage, token: MessageToken) {
        self.base = base
        self.token = token
    }
    var storageBytes: UnsafeRawBufferPointer { base.storageBytes }
}
