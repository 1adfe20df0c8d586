import Operators

extension BuiltInOperators {
    /// `histogram`: numpy `histogram` of the elements of every train (NaN counted apart),
    /// accumulated across trains unless `accumulate: false`; counts vs bin centres.
    static let histogram = OperatorSpec(
        name: "histogram", summary: "Histogram of the elements (numpy semantics), accumulated across trains.",
        inputs: [InputSpec("input", KindSet([.scalar, .array]))],
        parameters: [ParameterSpec("bins", .int, default: .int(100)),
                     ParameterSpec("range", .doubles, optional: true, help: "[low, high]; required when accumulating"),
                     ParameterSpec("accumulate", .bool, default: .bool(true), help: "false: each train alone (automatic range allowed)"),
                     ParameterSpec("label", .string, default: .string("value"))],
        stage: .reduce, output: .vector
    ) { p throws(ParameterProblem) in
        let bins = p.int("bins")!
        guard bins > 0 else { throw ParameterProblem("bins must be positive", parameter: "bins") }
        var range: ClosedRange<Double>?
        if let r = p.doubles("range") {
            guard r.count == 2, r[0] < r[1] else { throw ParameterProblem("range must be [low, high] with low < high", parameter: "range") }
            range = r[0]...r[1]
        }
        let fixedRange = range
        let accumulate = p.bool("accumulate")!
        guard !accumulate || range != nil else { throw ParameterProblem("an accumulating histogram needs a range", parameter: "range") }
        let initial: Histogram?
        do { initial = try range.map { r throws(OperatorError) in try Histogram(bins: bins, range: r) } } catch {
            throw ParameterProblem("\(error)", parameter: "range")
        }
        let label = p.string("label")!
        return StatefulFunction(initial: initial) { h, inputs in
            let input = try inputs.value("input")
            let values: DenseArray<Double>
            if case let .scalar(v) = input { values = try DenseArray(shape: [1], values: [v]) } else {
                values = try DenseArray<Double>(try inputs.array("input"))
            }
            var result: Histogram
            if accumulate {
                result = h!
                result.add(values)
                h = result
            } else {
                result = try Histogram.of(values, bins: bins, range: fixedRange)
            }
            return .vector(.float64(result.counts.map(Double.init)), x: Axis(values: result.centres, label: label), value: Axis(label: "count"))
        }
    }
}
