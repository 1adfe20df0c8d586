#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CLOCK_MONOTONIC in seconds, and sleeping until an absolute deadline on it.
enum MonotonicClock {
    /// Seconds since an arbitrary fixed point; never jumps with wall-clock changes.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Sleeps until `deadline` (a ``now()`` value) or until `shouldStop` says so, checking it
    /// at least every 50 ms. Absolute deadlines keep pacing exact: lateness does not accumulate.
    static func sleep(until deadline: Double, shouldStop: () -> Bool) {
        while !shouldStop() {
            let remaining = deadline - now()
            if remaining <= 0 { return }
            let target = remaining > 0.05 ? now() + 0.05 : deadline
            var ts = timespec(tv_sec: Int(target), tv_nsec: Int((target - target.rounded(.down)) * 1e9))
            #if canImport(Glibc)
            _ = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nil)
            #else
            var rel = timespec(tv_sec: 0, tv_nsec: Int(max(0, target - now()) * 1e9))
            _ = nanosleep(&rel, nil)
            _ = ts
            #endif
        }
    }
}
