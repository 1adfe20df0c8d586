import KaraboBridge
import OrderedCollections
import Views

/// Small operators written with the Swift view API, for exercising the graph machinery.
public enum TestOperators {
    /// `scale`: a scalar times `factor`.
    public static let scale = OperatorSpec(
        name: "scale", summary: "x * factor", inputs: [InputSpec("input", .scalar)],
        parameters: [ParameterSpec("factor", .double, default: .double(2))], output: .scalar
    ) { p throws(ParameterProblem) in
        let factor = p.double("factor")!
        guard factor.isFinite else { throw ParameterProblem("factor must be finite", parameter: "factor") }
        return TrainFunction { inputs in .scalar(try inputs.scalar("input") * factor) }
    }

    /// `count`: how many trains it has seen (state in the reduce stage).
    public static let count = OperatorSpec(
        name: "count", summary: "trains seen so far", inputs: [InputSpec("input", .any)],
        parameters: [ParameterSpec("start", .int, default: .int(0))], stage: .reduce, output: .scalar
    ) { p throws(ParameterProblem) in
        StatefulFunction(initial: p.int("start")!) { n, _ in
            n += 1
            return .scalar(Double(n))
        }
    }

    /// `odd_fails`: throws on odd train IDs, else passes the scalar on.
    public static let oddFails = OperatorSpec(
        name: "odd_fails", summary: "throws on odd trains", inputs: [InputSpec("input", .scalar)], output: .scalar
    ) { _ throws(ParameterProblem) in
        TrainFunction { inputs in
            if inputs.trainID % 2 == 1 { throw ParameterProblem("odd train \(inputs.trainID)") }
            return try inputs.value("input")
        }
    }

    /// `even_none`: no value on even train IDs.
    public static let evenNone = OperatorSpec(
        name: "even_none", summary: "no value on even trains", inputs: [InputSpec("input", .scalar)], output: .scalar
    ) { _ throws(ParameterProblem) in
        TrainFunction { inputs in inputs.trainID % 2 == 0 ? nil : try inputs.value("input") }
    }

    /// `ramp`: a vector [0, 1, …, n-1] * input.
    public static let ramp = OperatorSpec(
        name: "ramp", summary: "a vector", inputs: [InputSpec("input", .scalar)],
        parameters: [ParameterSpec("n", .int, default: .int(4))], output: .vector
    ) { p throws(ParameterProblem) in
        let n = p.int("n")!
        return TrainFunction { inputs in
            let v = try inputs.scalar("input")
            return .vector(.float64((0..<n).map { Double($0) * v }), x: Axis(values: (0..<n).map { Double($0) / 10 }, label: "q", unit: "nm^-1"),
                           value: Axis(label: "I"))
        }
    }

    /// `needs_image`: accepts images only.
    public static let needsImage = OperatorSpec(
        name: "needs_image", summary: "image only", inputs: [InputSpec("image", .image)], output: .scalar
    ) { _ throws(ParameterProblem) in
        TrainFunction { _ in .scalar(0) }
    }

    /// `sum2`: the sum of two scalars; `b` optional.
    public static let sum2 = OperatorSpec(
        name: "sum2", summary: "a + b", inputs: [InputSpec("a", .scalar), InputSpec("b", .scalar, optional: true)], output: .scalar
    ) { _ throws(ParameterProblem) in
        TrainFunction { inputs in .scalar(try inputs.scalar("a") + (inputs["b"]?.double ?? 0)) }
    }

    public static var library: OperatorLibrary {
        var l = OperatorLibrary.builtIn
        l.register(contentsOf: OperatorLibrary([scale, count, oddFails, evenNone, ramp, needsImage, sum2]))
        return l
    }
}

/// Trains built in memory.
public enum TestTrains {
    /// A train with `SRC/A[value]` = `value` (a float) and, optionally, `SRC/B[image]` a 3×4 image.
    public static func scalar(_ trainID: UInt64, value: Double = 1, withB: Bool = true) -> Train {
        var a = SourceData(name: "SRC/A", metadata: Metadata(source: "SRC/A", trainID: trainID, timestamp: 1_700_000_000 + Double(trainID) / 10))
        a.data["value"] = .double(value)
        var sources = [a]
        if withB {
            var b = SourceData(name: "SRC/B", metadata: Metadata(source: "SRC/B", trainID: trainID, timestamp: nil))
            b.data["value"] = .double(10)
            b.data["image"] = .array(.float64((0..<12).map(Double.init), shape: [3, 4]))
            sources.append(b)
        }
        return Train(sources: sources)
    }
}
