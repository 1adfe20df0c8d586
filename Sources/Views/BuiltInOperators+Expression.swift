import KaraboBridge
import Operators

/// `expression`: arithmetic over named inputs (`Operators.Expression`).
extension BuiltInOperators {
    static let expressionKinds = KindSet([.scalar, .vector, .image, .array])

    static func parsedExpression(_ p: Parameters) throws(ParameterProblem) -> Expression {
        do { return try ExpressionParser.parse(p.string("expr") ?? "") } catch {
            throw ParameterProblem("expr: \(error.message)", parameter: "expr", column: error.column)
        }
    }

    /// The rank a kind implies (nil: only known once data flows).
    static func rank(of kind: ViewKind) -> Int? {
        switch kind {
        case .scalar: return 0
        case .vector: return 1
        case .image: return 2
        default: return nil
        }
    }

    static func kind(ofRank rank: Int?) -> ViewKind {
        switch rank {
        case 0: return .scalar
        case 1: return .vector
        case 2: return .image
        case nil: return .any
        default: return .array
        }
    }

    static let expression: OperatorSpec = {
        var spec = OperatorSpec(
            name: "expression", summary: "Arithmetic over named inputs: + - * /, comparisons, unary minus, abs sqrt log exp min max sum mean; numpy broadcasting.",
            inputs: [],
            parameters: [ParameterSpec("expr", .string, help: "e.g. \"(roi1 - roi2) / xgm\""),
                         ParameterSpec("label", .string, default: .string(""), help: "the value's label (vectors)"),
                         ParameterSpec("unit", .string, default: .string(""))],
            outputKind: { p, kinds in
                guard let e = try? parsedExpression(p) else { return .any }
                return kind(ofRank: e.rank(kinds.mapValues(rank(of:))))
            }
        ) { p throws(ParameterProblem) in
            let e = try parsedExpression(p)
            let valueAxis = Axis(label: p.string("label")!, unit: p.string("unit")!)
            return TrainFunction { inputs in
                var variables: [String: ExpressionArray] = [:]
                for (name, value) in inputs.values {
                    if case let .scalar(d) = value { variables[name] = ExpressionArray(d); continue }
                    guard let a = value.ndarray, let values = a.doubles() else {
                        throw ViewInputError.wrongKind(input: name, expected: "numbers", got: value.kind)
                    }
                    variables[name] = try ExpressionArray(shape: a.shape, values: values)
                }
                let r = try ExpressionEvaluator.evaluate(e, variables)
                return result(r, inputs: inputs, valueAxis: valueAxis)
            }
        }
        spec.variadicInputs = expressionKinds
        spec.checkInputs = { p, kinds in
            guard let e = try? parsedExpression(p) else { return [] }
            var problems: [ParameterProblem] = []
            for (name, column) in e.variables where kinds[name] == nil {
                let known = kinds.keys.sorted()
                problems.append(ParameterProblem("expr: '\(name)' is not an input of this view (inputs: \(known.isEmpty ? "none" : known.joined(separator: ", ")))",
                                                 parameter: "expr", column: column))
            }
            let used = Set(e.variables.map(\.name))
            for name in kinds.keys.sorted() where !used.contains(name) {
                problems.append(ParameterProblem("input '\(name)' is connected but expr does not use it", parameter: "expr"))
            }
            return problems
        }
        return spec
    }()

    /// An expression's result as a view value, with the axes of an input of the same shape.
    static func result(_ r: ExpressionArray, inputs: ViewInputs, valueAxis: Axis) -> ViewValue {
        switch r.shape.count {
        case 0: return .scalar(r.values[0])
        case 1:
            for v in inputs.values.values {
                if case let .vector(a, x, _) = v, a.shape == r.shape { return .vector(.float64(r.values), x: x, value: valueAxis) }
            }
            return .vector(.float64(r.values), x: .index(), value: valueAxis)
        case 2:
            for v in inputs.values.values {
                if case let .image(a, x, y) = v, a.shape == r.shape { return .image(.float64(r.values, shape: r.shape), x: x, y: y) }
            }
            return .image(.float64(r.values, shape: r.shape), x: .index("x"), y: .index("y"))
        default:
            return .array(.float64(r.values, shape: r.shape))
        }
    }
}
