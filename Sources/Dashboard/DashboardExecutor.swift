#if canImport(Glibc)
import Glibc
#endif
import Foundation
import NIOPosix
import Synchronization

/// Where the dashboard's own work runs: one dedicated thread at a lower scheduling priority
/// (``niceness`` added to that thread's nice value only), never the Swift cooperative pool.
///
/// `trainspotter run` processes trains on the cooperative pool (2 threads on a 2-core machine);
/// every browser session (deciding what to send, encoding and decimating results, building
/// status messages) runs here instead, as does the dashboard's HTTP/WebSocket I/O (on
/// ``eventLoopGroup``, whose one thread is lowered the same way). When the cores are busy the
/// kernel runs the monitor's processing first and the dashboard with what is left: the pages
/// then update less often, the monitor does not slow down.
final class DashboardExecutor: TaskExecutor, Sendable {
    /// The executor shared by every dashboard of the process.
    static let shared = DashboardExecutor(name: "ts-dashboard")

    /// The event loop group of every dashboard's HTTP server (one thread, lowered like the executor's).
    static let eventLoopGroup: MultiThreadedEventLoopGroup = {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        group.next().execute { lowerPriority() }
        return group
    }()

    /// Niceness added to the dashboard's threads' (the monitor's processing keeps the process's).
    static let niceness: Int32 = 10

    private let jobs = Mutex<[UnownedJob]>([])
    private let ready = DispatchSemaphore(value: 0)

    private init(name: String) {
        let thread = Thread { [unowned self] in
            Thread.current.name = name
            Self.lowerPriority()
            self.serve()
        }
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        ready.signal()
    }

    private func serve() {
        let me = asUnownedTaskExecutor()
        while true {
            ready.wait()
            for job in jobs.withLock({ j in defer { j = [] }; return j }) {
                job.runSynchronously(on: me)
            }
        }
    }

    /// Lowers the calling thread's priority by ``niceness`` (at most to 19): on Linux the nice
    /// value is per thread, and `getpriority`/`setpriority(PRIO_PROCESS, 0, …)` read and set the
    /// calling thread's.
    static func lowerPriority() {
        #if canImport(Glibc)
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        _ = setpriority(which, 0, min(19, getpriority(which, 0) + niceness))
        #endif
    }
}
