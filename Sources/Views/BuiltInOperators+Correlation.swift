import Operators

extension BuiltInOperators {
    enum CorrelationState: Sendable {
        case pairs(Correlation)
        case binned(ScanBinning)
    }

    /// `correlation`: two scalars per train; the last `history` (x, y) pairs as points, or with
    /// `bins` and `range` the mean of y per bin of x (a scan) as a vector.
    static let correlation = OperatorSpec(
        name: "correlation", summary: "y against x across trains: the last N pairs (points), or binned means of y per x bin (vector).",
        inputs: [InputSpec("x", .scalar, help: "e.g. a motor position"), InputSpec("y", .scalar, help: "e.g. an ROI sum")],
        parameters: [ParameterSpec("history", .int, default: .int(1000), help: "pairs kept"),
                     ParameterSpec("bins", .int, optional: true, help: "bin y by x (needs range)"),
                     ParameterSpec("range", .doubles, optional: true, help: "[low, high] of x for bins"),
                     ParameterSpec("x_label", .string, default: .string("x")), ParameterSpec("x_unit", .string, default: .string("")),
                     ParameterSpec("y_label", .string, default: .string("y")), ParameterSpec("y_unit", .string, default: .string(""))],
        stage: .reduce,
        outputKind: { p, _ in p["bins"] == nil ? .points : .vector }
    ) { p throws(ParameterProblem) in
        let xAxis = Axis(label: p.string("x_label")!, unit: p.string("x_unit")!)
        let yAxis = Axis(label: p.string("y_label")!, unit: p.string("y_unit")!)
        let initial: CorrelationState
        if let bins = p.int("bins") {
            guard let r = p.doubles("range"), r.count == 2, r[0] < r[1] else {
                throw ParameterProblem("bins need range [low, high] with low < high", parameter: "range")
            }
            do { initial = .binned(try ScanBinning(bins: bins, range: r[0]...r[1])) } catch { throw ParameterProblem("\(error)", parameter: "bins") }
        } else {
            guard p["range"] == nil else { throw ParameterProblem("range applies with bins only", parameter: "range") }
            do { initial = .pairs(try Correlation(capacity: p.int("history")!)) } catch { throw ParameterProblem("\(error)", parameter: "history") }
        }
        return StatefulFunction(initial: initial) { s, inputs in
            let x = try inputs.scalar("x"), y = try inputs.scalar("y")
            switch s {
            case var .pairs(c):
                c.add(x: x, y: y)
                s = .pairs(c)
                return .points(x: .float64(c.pairs.map(\.x)), y: .float64(c.pairs.map(\.y)), xAxis: xAxis, yAxis: yAxis)
            case var .binned(b):
                _ = b.add(scan: x, value: y)
                s = .binned(b)
                return .vector(.float64(b.means), x: Axis(values: b.centres, label: xAxis.label, unit: xAxis.unit), value: yAxis)
            }
        }
    }
}
