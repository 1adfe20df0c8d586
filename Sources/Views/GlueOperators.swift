import KaraboBridge

/// Trivial operators that only move values around (the numerical ones wrap `Operators`).
enum GlueOperators {
    static let all: [OperatorSpec] = [pick, scalarSum, pair]

    /// `pick`: exposes an input (e.g. a source key) as a view, optionally re-labelled.
    static let pick = OperatorSpec(
        name: "pick", summary: "The input unchanged, e.g. a source key published as a view.",
        inputs: [InputSpec("input", .any)],
        outputKind: OperatorSpec.sameKind(as: "input")
    ) { _ throws(ParameterProblem) in
        TrainFunction { inputs in try inputs.value("input") }
    }

    /// `scalar_sum`: the sum of all elements of an array (NaN skipped), or a number unchanged.
    static let scalarSum = OperatorSpec(
        name: "scalar_sum", summary: "Sum of every element of the input (NaN skipped), as a scalar.",
        inputs: [InputSpec("input", KindSet([.scalar, .array]))], output: .scalar
    ) { _ throws(ParameterProblem) in
        TrainFunction { inputs in
            let v = try inputs.value("input")
            if case let .scalar(d) = v { return .scalar(d) }
            guard let values = try inputs.array("input").doubles() else {
                throw ViewInputError.wrongKind(input: "input", expected: "a numeric array", got: v.kind)
            }
            return .scalar(values.reduce(0) { $1.isNaN ? $0 : $0 + $1 })
        }
    }

    /// `pair`: one (x, y) point per train from two scalars, for correlating e.g. XGM energy and a motor.
    static let pair = OperatorSpec(
        name: "pair", summary: "One point per train from two scalars (x, y).",
        inputs: [InputSpec("x", .scalar), InputSpec("y", .scalar)],
        parameters: [ParameterSpec("x_label", .string, default: .string("x")), ParameterSpec("x_unit", .string, default: .string("")),
                     ParameterSpec("y_label", .string, default: .string("y")), ParameterSpec("y_unit", .string, default: .string(""))],
        output: .points
    ) { p throws(ParameterProblem) in
        let xAxis = Axis(label: p.string("x_label")!, unit: p.string("x_unit")!)
        let yAxis = Axis(label: p.string("y_label")!, unit: p.string("y_unit")!)
        return TrainFunction { inputs in
            .points(x: .float64([try inputs.scalar("x")]), y: .float64([try inputs.scalar("y")]), xAxis: xAxis, yAxis: yAxis)
        }
    }
}
