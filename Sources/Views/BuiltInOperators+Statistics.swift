import Operators

extension BuiltInOperators {
    /// `statistics`: one number per train from every element (or a region of a 2-D image), NaN ignored.
    static let statistics = OperatorSpec(
        name: "statistics", summary: "sum, mean, std, min, max, count or median of the elements (NaN ignored), as a scalar.",
        inputs: [InputSpec("input", KindSet([.array]), help: "any array; a region applies to the last two axes")],
        parameters: [ParameterSpec("statistic", .choice(["sum", "mean", "std", "min", "max", "count", "median"]),
                                   default: .string("mean"))] + roiParameters(optional: true),
        output: .scalar
    ) { p throws(ParameterProblem) in
        let region = try region(p)
        let statistic = p.string("statistic")!
        return TrainFunction { inputs in
            let array = try floats(inputs, "input")
            let columns = array.shape.last ?? 1
            let rows = columns == 0 ? 0 : array.count / columns
            if region != nil, array.rank != 2 { throw OperatorError.rankMismatch(expected: "an image (rows, columns)", shape: array.shape) }
            let flat = array.rank == 2 ? array : try array.reshaped([rows, columns])
            if statistic == "median" { return try flat.median(in: region).map(ViewValue.scalar) }
            guard let s = try flat.statistics(in: region) else { return nil }
            switch statistic {
            case "sum": return .scalar(s.sum)
            case "std": return .scalar(s.standardDeviation)
            case "min": return .scalar(s.minimum)
            case "max": return .scalar(s.maximum)
            case "count": return .scalar(Double(s.validCount))
            default: return .scalar(s.mean)
            }
        }
    }

    /// `projection`: an image reduced along rows (`axis: x`, one value per column) or columns (`axis: y`).
    static let projection = OperatorSpec(
        name: "projection", summary: "Sum or mean of an image along one axis (NaN ignored), as a vector.",
        inputs: [InputSpec("image", .image)],
        parameters: [ParameterSpec("axis", .choice(ProjectionAxis.allCases.map(\.rawValue)), default: .string("x"),
                                   help: "x: one value per column; y: one value per row"),
                     ParameterSpec("reduction", .choice(ProjectionReduction.allCases.map(\.rawValue)), default: .string("mean"))]
            + roiParameters(optional: true),
        output: .vector
    ) { p throws(ParameterProblem) in
        let region = try region(p)
        let axis = ProjectionAxis(rawValue: p.string("axis")!)!
        let reduction = ProjectionReduction(rawValue: p.string("reduction")!)!
        return TrainFunction { inputs in
            let image = try floats(inputs, "image")
            guard image.rank == 2 else { throw OperatorError.rankMismatch(expected: "an image (rows, columns)", shape: image.shape) }
            guard let profile = try image.projection(axis, reduction, in: region) else { return nil }
            var along: Axis = axis == .x ? .index("x") : .index("y")
            if case let .image(_, x, y) = try inputs.value("image") { along = axis == .x ? x : y }
            let full = RegionOfInterest.full(rows: image.shape[0], columns: image.shape[1])
            let clipped = (region ?? full).clipped(rows: image.shape[0], columns: image.shape[1]) ?? full
            let start = axis == .x ? clipped.x : clipped.y
            return .vector(.float64(profile), x: slice(along, start..<start + profile.count), value: Axis(label: reduction.rawValue))
        }
    }
}
