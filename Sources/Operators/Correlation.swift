/// The last `capacity` (slow value, scalar) pairs of a stream, for a correlation scatter
/// plot, with their Pearson correlation coefficient.
public struct Correlation: Sendable, Equatable {
    public let capacity: Int
    /// The pairs, oldest first.
    public private(set) var pairs: [(x: Double, y: Double)] = []

    public init(capacity: Int) throws(OperatorError) {
        guard capacity > 0 else { throw .invalidParameter(name: "capacity", reason: "must be positive (got \(capacity))") }
        self.capacity = capacity
    }

    /// Adds one pair; pairs with a NaN are skipped. The oldest pair leaves when full.
    public mutating func add(x: Double, y: Double) {
        guard !x.isNaN, !y.isNaN else { return }
        if pairs.count == capacity { pairs.removeFirst() }
        pairs.append((x, y))
    }

    /// Pearson's r of the pairs (two-pass), NaN with fewer than two pairs or no variance.
    public var pearson: Double {
        let n = Double(pairs.count)
        guard pairs.count >= 2 else { return .nan }
        let mx = pairs.reduce(0) { $0 + $1.x } / n, my = pairs.reduce(0) { $0 + $1.y } / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for p in pairs {
            sxy += (p.x - mx) * (p.y - my)
            sxx += (p.x - mx) * (p.x - mx)
            syy += (p.y - my) * (p.y - my)
        }
        guard sxx > 0, syy > 0 else { return .nan }
        return sxy / (sxx * syy).squareRoot()
    }

    public mutating func reset() { pairs = [] }

    public static func == (a: Correlation, b: Correlation) -> Bool {
        a.capacity == b.capacity && a.pairs.count == b.pairs.count
            && zip(a.pairs, b.pairs).allSatisfy { $0.x == $1.x && $0.y == $1.y }
    }
}
