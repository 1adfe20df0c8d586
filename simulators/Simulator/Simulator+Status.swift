import Foundation

extension Simulator {
    /// Reports the status every `statusInterval` seconds until the run ends.
    func startStatusThread() {
        let thread = Thread { [self] in
            var last = status
            var lastTime = MonotonicClock.now()
            while true {
                MonotonicClock.sleep(until: lastTime + configuration.statusInterval) {
                    state.withLock { $0.summary != nil }
                }
                if state.withLock({ $0.summary != nil }) { return }
                let now = MonotonicClock.now()
                var current = status
                let dt = max(now - lastTime, 1e-9)
                current.rate = Double(current.messagesSent - last.messagesSent) / dt
                current.megabytesPerSecond = Double(current.bytesSent - last.bytesSent) / dt / 1e6
                events(.status(current))
                last = current
                lastTime = now
            }
        }
        thread.name = "simulator-status"
        thread.start()
    }
}
