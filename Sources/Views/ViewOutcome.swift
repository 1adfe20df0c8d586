import KaraboBridge
import OrderedCollections

/// What happened to one view for one train.
public enum ViewOutcome: Sendable {
    /// It produced a value.
    case value(ViewValue)
    /// It ran and returned no value (its dependents are skipped).
    case noValue
    /// An input it needs is absent from the train: skipped, not an error.
    case skipped(missing: InputPath)
    /// A view it reads has no value this train (skipped, no value or failed).
    case gated(by: String)
    /// It threw; the message says why. The other views ran on.
    case failed(String)

    /// The value, if there is one.
    public var value: ViewValue? { if case let .value(v) = self { return v }; return nil }
}

/// One view's outcome for one train, with its parameter version and time taken.
public struct ViewRecord: Sendable {
    public var name: String
    public var outcome: ViewOutcome
    /// The view's parameter version when it ran.
    public var version: Int
    /// Seconds spent in its processor (0 when it did not run).
    public var seconds: Double
    /// Extra keys published beside the value (a cube's `std`, a filter's `label`).
    public var extras: OrderedDictionary<String, Value> = [:]
    /// For filters that ran: whether the train passed, and the pulses passed / tested (per-pulse filters).
    public var filter: FilterCount?

    public init(name: String, outcome: ViewOutcome, version: Int, seconds: Double,
                extras: OrderedDictionary<String, Value> = [:], filter: FilterCount? = nil) {
        self.name = name
        self.outcome = outcome
        self.version = version
        self.seconds = seconds
        self.extras = extras
        self.filter = filter
    }
}

/// One filter's verdict for one train.
public struct FilterCount: Sendable, Hashable {
    /// Whether the train passed (per-pulse: at least one pulse passed).
    public var passed: Bool
    /// Pulses that passed and pulses tested (0 and 0 for per-train filters).
    public var pulsesPassed: Int, pulses: Int

    public init(passed: Bool, pulsesPassed: Int, pulses: Int) {
        self.passed = passed
        self.pulsesPassed = pulsesPassed
        self.pulses = pulses
    }
}

/// Everything the graph did with one train.
public struct TrainReport: Sendable {
    /// The train ID (0 when the train had none).
    public var trainID: UInt64
    /// The train's timestamp, if known.
    public var timestamp: Double?
    /// Each view's record, in graph order.
    public var records: [ViewRecord]

    /// The record of `view`.
    public subscript(view: String) -> ViewRecord? { records.first { $0.name == view } }

    /// The value `view` produced, if any.
    public func value(_ view: String) -> ViewValue? { self[view]?.outcome.value }

    /// Views that threw, with their messages.
    public var failures: [(view: String, message: String)] {
        records.compactMap { if case let .failed(m) = $0.outcome { return ($0.name, m) }; return nil }
    }
}
