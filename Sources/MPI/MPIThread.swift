import ByteSlices
import CMPI
import Foundation
import Synchronization

/// The loop on the dedicated MPI thread: the only code that calls MPI.
struct MPIThread {
    let shared: MPIShared
    let events: AsyncStream<MPIEvent>.Continuation

    /// A send MPI has not finished with; `bytes` keeps its buffer alive.
    private struct InFlight {
        var request: MPI_Request?
        var bytes: ByteSlice
    }

    /// Initialises MPI, reports (rank, size) through `started`, then serves requests until finalised.
    func run(started: (Result<(Int, Int), MPIError>) -> Void) {
        var provided: Int32 = 0
        var rc = MPI_Init_thread(nil, nil, cmpi_thread_funneled(), &provided)
        guard rc == cmpi_success() else {
            started(.failure(MPIError(operation: "MPI_Init_thread", code: rc, message: Self.text(rc))))
            return
        }
        _ = cmpi_errors_return()
        var rank: Int32 = 0, size: Int32 = 0
        rc = MPI_Comm_rank(cmpi_comm_world(), &rank)
        if rc == cmpi_success() { rc = MPI_Comm_size(cmpi_comm_world(), &size) }
        guard rc == cmpi_success() else {
            started(.failure(MPIError(operation: "MPI_Comm_rank/size", code: rc, message: Self.text(rc))))
            return
        }
        started(.success((Int(rank), Int(size))))
        serve()
    }

    private func serve() {
        var inFlight: [InFlight] = []
        var barrier: (request: MPI_Request?, waiting: [CheckedContinuation<Void, Never>])?
        var idleRounds = 0
        while true {
            var busy = false
            let (sends, barriers, finalize, abortCode) = shared.requests.withLock { s in
                let taken = (s.sends, s.barriers, s.finalize, s.abortCode)
                s.inFlight += s.sends.count
                s.sends = []
                s.barriers = []
                return taken
            }
            if let abortCode {
                MPI_Abort(cmpi_comm_world(), abortCode)
            }
            // Sends.
            for message in sends {
                busy = true
                var request: MPI_Request? = cmpi_request_null()
                let rc = message.bytes.withUnsafeBytes { buffer in
                    MPI_Isend(buffer.baseAddress, Int32(buffer.count), cmpi_byte(), Int32(message.destination),
                              message.tag, cmpi_comm_world(), &request)
                }
                if rc == cmpi_success() {
                    inFlight.append(InFlight(request: request, bytes: message.bytes))
                } else {
                    shared.requests.withLock { $0.inFlight -= 1 }
                    events.yield(.error(MPIError(operation: "MPI_Isend to rank \(message.destination)", code: rc, message: Self.text(rc))))
                }
            }
            var i = 0
            while i < inFlight.count {
                var done: Int32 = 0
                let rc = MPI_Test(&inFlight[i].request, &done, nil)
                if rc != cmpi_success() || done != 0 {
                    if rc != cmpi_success() {
                        events.yield(.error(MPIError(operation: "MPI_Test (send)", code: rc, message: Self.text(rc))))
                    }
                    inFlight.swapAt(i, inFlight.count - 1)
                    inFlight.removeLast()
                    shared.requests.withLock { $0.inFlight -= 1 }
                    busy = true
                } else {
                    i += 1
                }
            }
            // Receives.
            while receiveOne() { busy = true }
            // Barrier.
            if !barriers.isEmpty {
                if barrier == nil {
                    var request: MPI_Request? = cmpi_request_null()
                    let rc = MPI_Ibarrier(cmpi_comm_world(), &request)
                    if rc != cmpi_success() {
                        events.yield(.error(MPIError(operation: "MPI_Ibarrier", code: rc, message: Self.text(rc))))
                        barriers.forEach { $0.resume() }
                    } else {
                        barrier = (request, barriers)
                    }
                } else {
                    barrier?.waiting += barriers
                }
            }
            if var b = barrier {
                var done: Int32 = 0
                let rc = MPI_Test(&b.request, &done, nil)
                if rc != cmpi_success() || done != 0 {
                    b.waiting.forEach { $0.resume() }
                    barrier = nil
                    busy = true
                } else {
                    barrier = b
                }
            }
            // Finalising: once every send is done (or the deadline passed).
            if let finalize {
                if inFlight.isEmpty && shared.requests.withLock({ $0.sends.isEmpty }) {
                    let rc = MPI_Finalize()
                    events.finish()
                    finalize.continuation.resume(returning: rc == cmpi_success())
                    return
                }
                if ContinuousClock.now >= finalize.deadline {
                    shared.requests.withLock { $0.finalize = nil }
                    finalize.continuation.resume(returning: false)
                }
            }
            if busy {
                idleRounds = 0
            } else {
                idleRounds += 1
                Thread.sleep(forTimeInterval: idleRounds < 50 ? 0.0002 : 0.001)
            }
        }
    }

    /// Receives one pending message, if there is one.
    private func receiveOne() -> Bool {
        var flag: Int32 = 0
        var status = MPI_Status()
        var rc = MPI_Iprobe(cmpi_any_source(), cmpi_any_tag(), cmpi_comm_world(), &flag, &status)
        guard rc == cmpi_success() else {
            events.yield(.error(MPIError(operation: "MPI_Iprobe", code: rc, message: Self.text(rc))))
            return false
        }
        guard flag != 0 else { return false }
        var count: Int32 = 0
        rc = MPI_Get_count(&status, cmpi_byte(), &count)
        guard rc == cmpi_success(), count >= 0 else {
            events.yield(.error(MPIError(operation: "MPI_Get_count", code: rc, message: Self.text(rc))))
            return false
        }
        let source = status.MPI_SOURCE, tag = status.MPI_TAG
        let storage = HeapBytes(count: Int(count)) { buffer in
            rc = MPI_Recv(buffer.baseAddress, count, cmpi_byte(), source, tag, cmpi_comm_world(), nil)
        }
        guard rc == cmpi_success() else {
            events.yield(.error(MPIError(operation: "MPI_Recv from rank \(source)", code: rc, message: Self.text(rc))))
            return true
        }
        shared.received.add(Int(count), ordering: .relaxed)
        events.yield(.message(MPIMessage(source: Int(source), tag: tag, bytes: ByteSlice(storage))))
        return true
    }

    /// MPI's text for an error code.
    static func text(_ code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: Int(cmpi_max_error_string()) + 1)
        var length: Int32 = 0
        guard MPI_Error_string(code, &buffer, &length) == cmpi_success() else { return "error \(code)" }
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
