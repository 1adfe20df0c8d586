/// Running counts for one view.
public struct ViewStatistics: Sendable, Equatable {
    /// Trains for which it produced a value.
    public var values = 0
    /// Trains for which it ran and returned no value.
    public var noValue = 0
    /// Trains skipped because an input was absent.
    public var skipped = 0
    /// Trains skipped because a view it reads had no value.
    public var gated = 0
    /// Trains for which it threw.
    public var failed = 0
    /// Seconds spent in its processor, in total.
    public var seconds = 0.0
    /// Runs timed (values + no value + failed).
    public var runs = 0
    /// Filters: trains passed and rejected (a per-pulse filter passes a train when any pulse passes).
    public var passed = 0, rejected = 0
    /// Per-pulse filters: pulses passed and tested.
    public var pulsesPassed = 0, pulses = 0
    /// Whether the view is a filter that has run.
    public var isFilter: Bool { passed + rejected > 0 }
    /// The last train it produced a value for.
    public var lastTrain: UInt64?
    /// Arrival times (Unix seconds) of its last values, for the rate.
    var recent: [Double] = []

    public init() {}

    /// Mean seconds per run.
    public var meanSeconds: Double { runs > 0 ? seconds / Double(runs) : 0 }

    /// Values per second over its recent values.
    public var rate: Double {
        guard recent.count > 1, let first = recent.first, let last = recent.last, last > first else { return 0 }
        return Double(recent.count - 1) / (last - first)
    }

    mutating func record(_ record: ViewRecord, trainID: UInt64, now: Double) {
        switch record.outcome {
        case .value:
            values += 1
            lastTrain = trainID
            recent.append(now)
            if recent.count > 20 { recent.removeFirst() }
        case .noValue: noValue += 1
        case .skipped: skipped += 1
        case .gated: gated += 1
        case .failed: failed += 1
        }
        if let f = record.filter {
            if f.passed { passed += 1 } else { rejected += 1 }
            pulsesPassed += f.pulsesPassed
            pulses += f.pulses
        }
        switch record.outcome {
        case .value, .noValue, .failed:
            runs += 1
            seconds += record.seconds
        default: break
        }
    }
}
