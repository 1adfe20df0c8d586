/// Which pulses of a pulses-first train to use.
///
/// Indices are positions in the train (0-based), not pulse IDs. Slices follow Python:
/// negative positions count from the end, `stop` is exclusive, `step` may be negative.
public enum PulseSelection: Sendable, Hashable, Codable {
    /// Every pulse.
    case all
    /// `start:stop:step`, Python semantics; `nil` bounds mean "from the start / to the end".
    case slice(start: Int?, stop: Int?, step: Int)
    /// Explicit positions (negative ones count from the end), in the given order.
    case indices([Int])

    /// The selected positions for a train of `pulseCount` pulses.
    /// - Throws: ``OperatorError/pulseOutOfRange(index:pulseCount:)`` for an index outside the
    ///   train, ``OperatorError/invalidParameter(name:reason:)`` for a zero step.
    public func resolve(pulseCount n: Int) throws(OperatorError) -> [Int] {
        switch self {
        case .all:
            return Array(0..<n)
        case let .indices(list):
            return try list.map { (i) throws(OperatorError) -> Int in
                let j = i < 0 ? i + n : i
                guard j >= 0 && j < n else { throw .pulseOutOfRange(index: i, pulseCount: n) }
                return j
            }
        case let .slice(start, stop, step):
            guard step != 0 else { throw .invalidParameter(name: "pulses", reason: "slice step cannot be zero") }
            // Python's slice.indices(n).
            func clamp(_ v: Int?, _ defaultValue: Int, _ lower: Int, _ upper: Int) -> Int {
                guard var v else { return defaultValue }
                if v < 0 { v += n }
                return Swift.min(Swift.max(v, lower), upper)
            }
            if step > 0 {
                let a = clamp(start, 0, 0, n), b = clamp(stop, n, 0, n)
                return Array(stride(from: a, to: b, by: step))
            }
            let a = clamp(start, n - 1, -1, n - 1), b = clamp(stop, -1, -1, n - 1)
            return Array(stride(from: a, to: b, by: step))
        }
    }

    /// Parses `all` / `:`, a slice `start:stop[:step]` (parts may be empty), or a
    /// comma-separated list of positions `0,2,5`.
    public init(parsing text: String) throws(OperatorError) {
        let t = text.filter { !$0.isWhitespace }
        if t.isEmpty || t == "all" || t == ":" || t == "::" { self = .all; return }
        func number(_ s: Substring) throws(OperatorError) -> Int? {
            if s.isEmpty { return nil }
            guard let v = Int(s) else { throw .invalidParameter(name: "pulses", reason: "'\(text)' is not a pulse selection") }
            return v
        }
        if t.contains(":") {
            let parts = t.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 3 else { throw .invalidParameter(name: "pulses", reason: "'\(text)' is not a slice") }
            let step = parts.count == 3 ? try number(parts[2]) ?? 1 : 1
            self = .slice(start: try number(parts[0]), stop: try number(parts[1]), step: step)
            return
        }
        var list: [Int] = []
        for part in t.split(separator: ",") {
            guard let v = try number(part) else { throw .invalidParameter(name: "pulses", reason: "empty index in '\(text)'") }
            list.append(v)
        }
        self = .indices(list)
    }
}
