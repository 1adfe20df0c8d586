/// An arithmetic expression over named arrays (the `expression` view operator): numbers, names,
/// `+ - * /`, comparisons, unary minus, parentheses and the functions of ``ExpressionFunction``.
/// Parsed by ``ExpressionParser``, evaluated element-wise with numpy broadcasting by
/// ``ExpressionEvaluator``. Nothing else can be written, so nothing else is evaluated.
public indirect enum Expression: Sendable, Equatable {
    /// A number literal.
    case number(Double)
    /// A named input; `column` is where it starts (1-based).
    case variable(String, column: Int)
    /// `-x` (and `+x`).
    case negate(Expression)
    /// `a op b`.
    case binary(ExpressionOperator, Expression, Expression)
    /// `f(a, …)`; `column` is where the name starts.
    case call(ExpressionFunction, [Expression], column: Int)

    /// The names the expression reads, each with its first column, in order of appearance.
    public var variables: [(name: String, column: Int)] {
        var out: [(String, Int)] = []
        func walk(_ e: Expression) {
            switch e {
            case .number: break
            case let .variable(n, c): if !out.contains(where: { $0.0 == n }) { out.append((n, c)) }
            case let .negate(a): walk(a)
            case let .binary(_, a, b): walk(a); walk(b)
            case let .call(_, args, _): args.forEach(walk)
            }
        }
        walk(self)
        return out.map { (name: $0.0, column: $0.1) }
    }

    /// The rank of the result given the inputs' ranks (nil where not known before data flows).
    public func rank(_ ranks: [String: Int?]) -> Int? {
        switch self {
        case .number: return 0
        case let .variable(n, _): return ranks[n] ?? nil
        case let .negate(a): return a.rank(ranks)
        case let .binary(_, a, b):
            guard let ra = a.rank(ranks), let rb = b.rank(ranks) else { return nil }
            return max(ra, rb)
        case let .call(f, args, _):
            if f.reduces(arguments: args.count) { return 0 }
            var r = 0
            for a in args { guard let ra = a.rank(ranks) else { return nil }; r = max(r, ra) }
            return r
        }
    }
}

/// A binary operator.
public enum ExpressionOperator: String, Sendable, Equatable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "==", notEqual = "!="

    /// `a op b` on two numbers, numpy's IEEE rules (division by zero gives ±inf or NaN; comparisons give 1 or 0).
    @inline(__always)
    func apply(_ a: Double, _ b: Double) -> Double {
        switch self {
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return a / b
        case .less: return a < b ? 1 : 0
        case .lessEqual: return a <= b ? 1 : 0
        case .greater: return a > b ? 1 : 0
        case .greaterEqual: return a >= b ? 1 : 0
        case .equal: return a == b ? 1 : 0
        case .notEqual: return a != b ? 1 : 0
        }
    }

    var isComparison: Bool { ![.add, .subtract, .multiply, .divide].contains(self) }
}

/// The functions an expression may call.
public enum ExpressionFunction: String, Sendable, Equatable, CaseIterable {
    case abs, sqrt, log, exp, min, max, sum, mean

    /// Argument counts allowed.
    var arities: ClosedRange<Int> {
        switch self {
        case .min, .max: return 1...2
        default: return 1...1
        }
    }

    /// Whether a call with `arguments` arguments reduces to one number (`sum`, `mean`, one-argument `min`/`max`).
    func reduces(arguments: Int) -> Bool {
        switch self {
        case .sum, .mean: return true
        case .min, .max: return arguments == 1
        default: return false
        }
    }
}
