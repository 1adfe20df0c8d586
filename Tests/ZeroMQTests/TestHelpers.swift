import ByteSlices
import Foundation
import Synchronization
import Testing
import ZeroMQ

/// A one-way flag that can be set from any thread (here: libzmq's I/O thread, via a deinit).
final class ReleaseFlag: Sendable {
    private let released = Atomic<Bool>(false)
    var isSet: Bool { released.load(ordering: .acquiring) }
    func set() { released.store(true, ordering: .releasing) }
}

/// Byte storage that reports its own release.
final class FlaggedStorage: ByteStorage, Sendable {
    private let heap: HeapBytes
    private let flag: ReleaseFlag

    init(count: Int, flag: ReleaseFlag) {
        heap = HeapBytes(count: count) { (buffer: UnsafeMutableRawBufferPointer) in
            for index in 0..<count { buffer[index] = UInt8(truncatingIfNeeded: index &* 7 &+ 3) }
        }
        self.flag = flag
    }

    var storageBytes: UnsafeRawBufferPointer { heap.storageBytes }

    deinit { flag.set() }
}

/// A value shared with a helper thread.
final class Shared<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
    func get() -> Value { value.withLock { $0 } }
    func set(_ newValue: Value) { value.withLock { $0 = newValue } }
}

/// Polls `condition` every few milliseconds until it holds or `timeout` passes.
func waitUntil(timeout: Duration = .seconds(10), _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        if ContinuousClock.now >= deadline { return false }
        Thread.sleep(forTimeInterval: 0.005)
    }
    return true
}

/// `count` bytes of a recognisable pattern.
func patternBytes(_ count: Int, seed: UInt8 = 0) -> ByteSlice {
    let storage = HeapBytes(count: count) { (buffer: UnsafeMutableRawBufferPointer) in
        for index in 0..<count { buffer[index] = UInt8(truncatingIfNeeded: index / 251 &+ index &+ Int(seed)) }
    }
    return ByteSlice(storage)
}

/// A PULL socket bound to `endpoint` (resolved) and a PUSH socket connected to it, with generous
/// receive timeouts so a broken test fails instead of hanging.
func pushPull(_ context: ZMQContext, _ endpoint: String = "tcp://127.0.0.1:*") throws -> (push: ZMQSocket, pull: ZMQSocket) {
    let pull = try ZMQSocket(context: context, type: .pull)
    try pull.setReceiveTimeout(milliseconds: 10_000)
    try pull.bind(endpoint)
    let push = try ZMQSocket(context: context, type: .push)
    try push.connect(try #require(pull.lastEndpoint))
    return (push, pull)
}
