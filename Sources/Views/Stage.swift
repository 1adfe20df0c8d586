/// Which stage of the processing a view runs in.
///
/// The per-train stage (EXtra-metro's "pool") sees one train at a time and keeps no state
/// between trains, so it can run on several threads, processes or hosts. The ordered
/// cross-train stage ("reduce") sees trains in order, once each, and holds state such as
/// running averages, recorded darks and pump-probe pairs.
public enum Stage: String, Sendable, Hashable, Comparable, CaseIterable {
    /// Per train, stateless: may run in parallel.
    case train
    /// Ordered, across trains: stateful.
    case reduce

    public static func < (lhs: Stage, rhs: Stage) -> Bool { lhs == .train && rhs == .reduce }
}
