import Operators

extension BuiltInOperators {
    struct Averages: Sendable {
        var array: MovingAverage<Float>
        var scalar: MovingAverage<Double>
    }

    /// `moving_average`: the mean of the last `window` trains (fewer while filling); another shape restarts it.
    static let movingAverage = OperatorSpec(
        name: "moving_average", summary: "Mean of the last N trains of a scalar or array (another shape restarts).",
        inputs: [InputSpec("input", KindSet([.scalar, .array]))],
        parameters: [ParameterSpec("window", .int, help: "trains averaged, > 0")],
        stage: .reduce, outputKind: OperatorSpec.sameKind(as: "input")
    ) { p throws(ParameterProblem) in
        let averages: Averages
        do {
            averages = Averages(array: try MovingAverage(window: p.int("window")!), scalar: try MovingAverage(window: p.int("window")!))
        } catch {
            throw ParameterProblem("\(error)", parameter: "window")
        }
        return StatefulFunction(initial: averages) { s, inputs in
            let input = try inputs.value("input")
            if case let .scalar(v) = input { return .scalar(s.scalar.add(v)) }
            return sameKind(s.array.add(try floats(inputs, "input")).ndarray, like: input)
        }
    }
}
