import Foundation
import Synchronization

/// Turns SIGINT and SIGTERM into a callback (run once), so commands can flush and close
/// their files instead of dying mid-write.
package final class RecordSignals {
    private let sources: [any DispatchSourceSignal]

    /// Ignores the default action of `signals` and calls `handler` on the first one received.
    package init(_ signals: [Int32] = [SIGINT, SIGTERM], handler: @escaping @Sendable (Int32) -> Void) {
        let once = OnceFlag()
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if once.claim() { handler(number) }
            }
            source.resume()
            return source
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }
}

/// True for the first caller only.
package final class OnceFlag: Sendable {
    private let done = Atomic<Bool>(false)

    package init() {}

    package func claim() -> Bool {
        !done.exchange(true, ordering: .acquiringAndReleasing)
    }
}
