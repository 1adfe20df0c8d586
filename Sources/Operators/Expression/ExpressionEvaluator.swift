import Foundation

/// Evaluates an ``Expression`` on named arrays, element-wise with numpy broadcasting
/// (`np.add`, `np.divide`, `np.less`, …; `min(a, b)` is `np.minimum`, `min(a)` is `np.min`;
/// `sum` and `mean` reduce everything to one number; NaN propagates as in numpy).
public enum ExpressionEvaluator {
    /// The value of `expression` with `variables` bound.
    public static func evaluate(_ expression: Expression, _ variables: [String: ExpressionArray]) throws(ExpressionError) -> ExpressionArray {
        switch expression {
        case let .number(d):
            return ExpressionArray(d)
        case let .variable(name, column):
            guard let v = variables[name] else { throw ExpressionError("no input '\(name)'", column: column) }
            return v
        case let .negate(a):
            var v = try evaluate(a, variables)
            for i in v.values.indices { v.values[i] = -v.values[i] }
            return v
        case let .binary(op, a, b):
            let x = try evaluate(a, variables), y = try evaluate(b, variables)
            return try ExpressionArray.combine(x, y, op.apply)
        case let .call(f, args, column):
            let first = try evaluate(args[0], variables)
            switch f {
            case .abs: return first.map(Swift.abs)
            case .sqrt: return first.map { $0.squareRoot() }
            case .log: return first.map(Foundation.log)
            case .exp: return first.map(Foundation.exp)
            case .sum: return ExpressionArray(first.values.reduce(0, +))
            case .mean:
                guard !first.values.isEmpty else { return ExpressionArray(.nan) }
                return ExpressionArray(first.values.reduce(0, +) / Double(first.values.count))
            case .min, .max:
                let pick: (Double, Double) -> Double = f == .min
                    ? { a, b in a.isNaN || b.isNaN ? .nan : Swift.min(a, b) }
                    : { a, b in a.isNaN || b.isNaN ? .nan : Swift.max(a, b) }
                if args.count == 2 { return try ExpressionArray.combine(first, try evaluate(args[1], variables), pick) }
                guard let start = first.values.first else { throw ExpressionError("\(f.rawValue) of an empty array", column: column) }
                return ExpressionArray(first.values.dropFirst().reduce(start, pick))
            }
        }
    }
}

extension ExpressionArray {
    func map(_ f: (Double) -> Double) -> ExpressionArray {
        ExpressionArray(unchecked: shape, values.map(f))
    }
}
