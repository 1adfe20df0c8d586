/// Why an operator refused its input or parameters.
///
/// Every public operator throws only this type, so the view graph can report a failed
/// operator with one `switch`.
public enum OperatorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The array's element type cannot be read as numbers (strings, complex, opaque types).
    case unsupportedDType(String)
    /// The array has the wrong number of axes; `expected` says what the operator wants.
    case rankMismatch(expected: String, shape: [Int])
    /// Two arrays (or an array and a precomputed table) must have the same shape.
    case shapeMismatch(expected: [Int], actual: [Int])
    /// A parameter is out of its domain.
    case invalidParameter(name: String, reason: String)
    /// A pulse index or slice does not fit the train's pulse count.
    case pulseOutOfRange(index: Int, pulseCount: Int)
    /// A state object has nothing to report yet (e.g. a dark with no recorded train).
    case noData(String)
    /// A file could not be read or written, or does not hold what was expected.
    case file(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unsupportedDType(name): return "element type \(name) is not numeric"
        case let .rankMismatch(expected, shape): return "expected \(expected), got shape \(shape)"
        case let .shapeMismatch(expected, actual): return "expected shape \(expected), got \(actual)"
        case let .invalidParameter(name, reason): return "invalid \(name): \(reason)"
        case let .pulseOutOfRange(index, count): return "pulse \(index) is outside 0..<\(count)"
        case let .noData(what): return "no data: \(what)"
        case let .file(path, reason): return "\(path): \(reason)"
        }
    }
}
