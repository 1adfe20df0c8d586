/// Decides, per train, which faults strike. Every decision is a hash of (seed, fault, train
/// ID), so a run with the same `--seed` injects the same faults into the same trains.
struct FaultInjector: Sendable {
    let faults: FaultConfiguration
    let seed: UInt64

    private func chance(_ stream: Randomness.Stream, _ trainID: UInt64, _ p: Double, salt: UInt64 = 0) -> Bool {
        p > 0 && Randomness.uniform(seed, stream, trainID, salt) < p
    }

    func drops(_ trainID: UInt64) -> Bool { chance(.drop, trainID, faults.drop) }
    func reorders(_ trainID: UInt64) -> Bool { chance(.reorder, trainID, faults.reorder) }
    func duplicates(_ trainID: UInt64) -> Bool { chance(.duplicate, trainID, faults.duplicate) }
    func empties(_ trainID: UInt64) -> Bool { chance(.emptyTrain, trainID, faults.emptyTrains) }
    func corrupts(_ trainID: UInt64) -> Bool { chance(.corrupt, trainID, faults.corrupt) }

    /// Whether `source` is left out of train `trainID` (`--missing-source`).
    func omits(_ source: String, kind: SourceKind, trainID: UInt64) -> Bool {
        faults.missingSources.contains { rule in
            SourceSelector.matches(rule.pattern, name: source, kind: kind)
                && chance(.missingSource, trainID, rule.value, salt: Randomness.hash(source))
        }
    }

    /// The delay of `source` in trains (`--late-source`), if a rule names it.
    func delay(of source: String, kind: SourceKind) -> Int? {
        faults.lateSources.first { SourceSelector.matches($0.pattern, name: source, kind: kind) }?.value
    }
}
