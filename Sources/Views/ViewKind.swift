/// What a view produces, known before data flows so that the graph can be checked at load time.
public enum ViewKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// One number per train.
    case scalar
    /// A 1-D array with an x axis (values, label, unit).
    case vector
    /// A 2-D array `(y, x)` with axes.
    case image
    /// Pairs of x/y values.
    case points
    /// An n-d array of any rank (e.g. a pulse-resolved detector stack); intermediate results.
    case array
    /// Anything else a source carries (strings, maps, lists); also "not known until data flows".
    case any

    public var description: String { rawValue }

    /// Whether a producer of kind `produced` may feed an input that accepts `self`.
    /// `.any` on either side defers the check to run time; `.array` accepts every array kind.
    public func accepts(_ produced: ViewKind) -> Bool {
        if self == .any || produced == .any || self == produced { return true }
        if self == .array { return produced == .vector || produced == .image }
        return false
    }

    /// Whether a value of kind `actual`, produced while data flows, fits a place that wants `self`.
    /// Unlike ``accepts(_:)``, a non-numeric value (`.any`) fits only `.any`.
    public func admits(_ actual: ViewKind) -> Bool {
        self == .any || (actual != .any && accepts(actual))
    }
}

/// A set of kinds an operator input accepts.
public struct KindSet: Sendable, Hashable, CustomStringConvertible {
    /// The accepted kinds.
    public var kinds: [ViewKind]

    public init(_ kinds: [ViewKind]) { self.kinds = kinds }

    /// Everything.
    public static let any = KindSet([.any])
    /// Arrays of any rank.
    public static let array = KindSet([.array])
    public static let scalar = KindSet([.scalar])
    public static let vector = KindSet([.vector])
    public static let image = KindSet([.image])
    public static let points = KindSet([.points])

    /// Whether a producer of kind `produced` may feed this input.
    public func accepts(_ produced: ViewKind) -> Bool { kinds.contains { $0.accepts(produced) } }

    /// Whether a value of kind `actual`, produced while data flows, fits this input.
    public func admits(_ actual: ViewKind) -> Bool { kinds.contains { $0.admits(actual) } }

    public var description: String { kinds.map(\.rawValue).joined(separator: " or ") }
}
