import ByteSlices
import Foundation
import Synchronization

/// `MPI_COMM_WORLD` of this process, driven by one dedicated thread.
///
/// Every MPI call happens on that thread (Open MPI is initialised `MPI_THREAD_FUNNELED`): the
/// cooperative pool never blocks in MPI. Sends are queued and go out as `MPI_Isend`s; the
/// thread probes for incoming messages and hands them over as ``events``; ``barrier()`` and
/// ``finalize(timeout:)`` suspend until the thread has done them. Between rounds with nothing
/// to do the thread sleeps 0.2–1 ms instead of busy-polling, so an idle rank costs little CPU.
public final class MPIWorld: Sendable {
    /// This process's rank.
    public let rank: Int
    /// The number of ranks.
    public let size: Int
    /// Received messages and errors, in arrival order (one consumer).
    public let events: AsyncStream<MPIEvent>

    let shared: MPIShared

    init(rank: Int, size: Int, events: AsyncStream<MPIEvent>, shared: MPIShared) {
        self.rank = rank
        self.size = size
        self.events = events
        self.shared = shared
    }

    /// Initialises MPI on a new thread and returns the world (a singleton of size 1 when the
    /// process was not started by a launcher). Call once per process.
    public static func start() async throws(MPIError) -> MPIWorld {
        let (events, continuation) = AsyncStream<MPIEvent>.makeStream(bufferingPolicy: .unbounded)
        let shared = MPIShared()
        let started: Result<(Int, Int), MPIError> = await withCheckedContinuation { cont in
            let thread = Thread {
                MPIThread(shared: shared, events: continuation).run { cont.resume(returning: $0) }
            }
            thread.name = "mpi"
            thread.start()
        }
        switch started {
        case let .success((rank, size)):
            return MPIWorld(rank: rank, size: size, events: events, shared: shared)
        case let .failure(error):
            throw error
        }
    }

    /// Queues `bytes` for `rank` with `tag` (≥ 0); returns at once. The slice's storage stays
    /// alive until MPI has sent it. Messages to one rank with one tag arrive in order.
    public func send(_ bytes: ByteSlice, to rank: Int, tag: Int32) {
        shared.sent.add(bytes.count, ordering: .relaxed)
        shared.requests.withLock { $0.sends.append(OutgoingMessage(bytes: bytes, destination: rank, tag: tag)) }
    }

    /// Queues a copy of `bytes`.
    public func send(_ bytes: [UInt8], to rank: Int, tag: Int32) {
        send(ByteSlice(copying: bytes), to: rank, tag: tag)
    }

    /// Sends still queued or in flight.
    public var pendingSends: Int { shared.requests.withLock { $0.sends.count + $0.inFlight } }

    /// Bytes queued for sending, and received, so far.
    public var bytesSent: Int { shared.sent.load(ordering: .relaxed) }
    public var bytesReceived: Int { shared.received.load(ordering: .relaxed) }

    /// Waits until every rank has called `barrier()` (an `MPI_Ibarrier` completed on the MPI thread).
    public func barrier() async {
        await withCheckedContinuation { (cont: CheckedContinuation<Void, Never>) in
            shared.requests.withLock { $0.barriers.append(cont) }
        }
    }

    /// Waits up to `timeout` for queued sends to complete, then calls `MPI_Finalize` and stops the
    /// thread; returns false (without finalising) when the sends did not complete, e.g. because
    /// the peer died: the caller should then ``abort(code:)``.
    public func finalize(timeout: Duration = .seconds(5)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        return await withCheckedContinuation { cont in
            shared.requests.withLock { $0.finalize = (deadline, cont) }
        }
    }

    /// Ends the whole job with `code` (`MPI_Abort`): the launcher kills every rank. Does not return.
    public func abort(code: Int32) -> Never {
        shared.requests.withLock { $0.abortCode = code }
        while true { Thread.sleep(forTimeInterval: 1) }
    }
}

/// What the world's users and the MPI thread share: requests and byte counters.
final class MPIShared: Sendable {
    let requests = Mutex(MPIRequests())
    let sent = Atomic<Int>(0)
    let received = Atomic<Int>(0)
}

/// A message waiting for `MPI_Isend`.
struct OutgoingMessage: Sendable {
    var bytes: ByteSlice
    var destination: Int
    var tag: Int32
}

/// Requests from the world's users to the MPI thread.
struct MPIRequests: Sendable {
    var sends: [OutgoingMessage] = []
    var inFlight = 0
    var barriers: [CheckedContinuation<Void, Never>] = []
    var finalize: (deadline: ContinuousClock.Instant, continuation: CheckedContinuation<Bool, Never>)?
    var abortCode: Int32?
}
