/// Faults to inject (all off by default). Probabilities are per train and decided
/// deterministically from `--seed` and the train ID.
public struct FaultConfiguration: Sendable, Equatable {
    /// `--drop P`: the train is generated (its ID is used) but never sent.
    public var drop: Double = 0
    /// `--reorder P`: the train is held back and sent after the next one.
    public var reorder: Double = 0
    /// `--duplicate P`: the message is sent twice.
    public var duplicate: Double = 0
    /// `--late-source SRC:DELAY_TRAINS`: the source's data of train t travels in the message of t + delay.
    public var lateSources: [SourceRule<Int>] = []
    /// `--missing-source SRC:P`: the source is left out of the train with probability P.
    public var missingSources: [SourceRule<Double>] = []
    /// `--empty-trains P`: the train has zero pulses (pulse-resolved arrays have a zero-length pulse axis).
    public var emptyTrains: Double = 0
    /// `--cellid-mismatch`: every train's `image.cellId` / `data.memoryCell` lists one cell fewer than the data has pulses.
    public var cellIDMismatch = false
    /// `--restart-every N`: close and rebind the socket after every N trains.
    public var restartEvery: Int?
    /// `--corrupt P`: the message is replaced by a malformed one (cycling through ``CorruptionKind``).
    public var corrupt: Double = 0

    public init() {}

    /// Whether any fault is configured.
    public var isEmpty: Bool { self == FaultConfiguration() }

    func validate() throws(SimulatorError) {
        for (name, p) in [("--drop", drop), ("--reorder", reorder), ("--duplicate", duplicate),
                          ("--empty-trains", emptyTrains), ("--corrupt", corrupt)] + missingSources.map({ ("--missing-source", $0.value) }) {
            guard p >= 0, p <= 1 else { throw .invalidOption("\(name): probability \(p) is not between 0 and 1") }
        }
        for rule in lateSources where rule.value < 1 {
            throw .invalidOption("--late-source \(rule.pattern): the delay must be at least 1 train")
        }
        if let n = restartEvery, n < 1 { throw .invalidOption("--restart-every must be at least 1") }
    }
}
