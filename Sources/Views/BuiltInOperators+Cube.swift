import KaraboBridge
import Operators
import OrderedCollections

/// `cube`: mean, σ and count of a value per bin of a scan variable (and per filter state).
extension BuiltInOperators {
    static let cube: OperatorSpec = {
        var spec = OperatorSpec(
            name: "cube", summary: "Mean, std and count of a value per bin of x (and y), per state of an optional filter, across trains.",
            inputs: [InputSpec("value", KindSet([.scalar, .vector, .image, .array]), help: "what is aggregated"),
                     InputSpec("x", .scalar, help: "the scan variable"),
                     InputSpec("y", .scalar, optional: true, help: "a second scan variable (needs y_bins or y_range + y_count)"),
                     InputSpec("by", KindSet([.scalar]), optional: true, help: "a filter: one cube per state (0 rejected, 1 passed)")],
            parameters: [ParameterSpec("bins", .doubles, optional: true, help: "x bin edges"),
                         ParameterSpec("range", .doubles, optional: true, help: "[low, high] of x, with count"),
                         ParameterSpec("count", .int, optional: true, help: "x bins over range"),
                         ParameterSpec("step_from", .choice(["x"]), optional: true, help: "x: one bin per scan step (distinct x value)"),
                         ParameterSpec("step_tolerance", .double, default: .double(1e-6), help: "x values this close join a step"),
                         ParameterSpec("y_bins", .doubles, optional: true), ParameterSpec("y_range", .doubles, optional: true),
                         ParameterSpec("y_count", .int, optional: true),
                         ParameterSpec("every", .int, default: .int(1), help: "publish the cube every N binned trains"),
                         ParameterSpec("x_label", .string, default: .string("x")), ParameterSpec("x_unit", .string, default: .string("")),
                         ParameterSpec("y_label", .string, default: .string("y")), ParameterSpec("y_unit", .string, default: .string("")),
                         ParameterSpec("value_label", .string, default: .string("mean")), ParameterSpec("value_unit", .string, default: .string(""))],
            stage: .reduce,
            outputKind: { _, kinds in
                guard let valueKind = kinds["value"], let valueRank = rank(of: valueKind) else { return kinds["value"] == .array ? .array : .any }
                return kind(ofRank: valueRank + 1 + (kinds["y"] != nil ? 1 : 0) + (kinds["by"] != nil ? 1 : 0))
            }
        ) { p throws(ParameterProblem) in
            let x = try cubeBins(p, prefix: "", steps: true)
            let y = p["y_bins"] != nil || p["y_range"] != nil || p["y_count"] != nil ? try cubeBins(p, prefix: "y_", steps: false) : nil
            guard let every = p.int("every"), every >= 1 else { throw ParameterProblem("every must be at least 1", parameter: "every") }
            let axes = CubeAxes(x: Axis(label: p.string("x_label")!, unit: p.string("x_unit")!),
                                y: Axis(label: p.string("y_label")!, unit: p.string("y_unit")!),
                                value: Axis(label: p.string("value_label")!, unit: p.string("value_unit")!))
            return CubeProcessor(x: x, y: y, every: every, axes: axes)
        }
        spec.filterInputs = ["by"]
        spec.checkInputs = { p, kinds in
            let hasYBins = p["y_bins"] != nil || p["y_range"] != nil || p["y_count"] != nil
            if kinds["y"] != nil, !hasYBins { return [ParameterProblem("input y needs y_bins, or y_range and y_count")] }
            if kinds["y"] == nil, hasYBins { return [ParameterProblem("y bins are given but input y is not connected", parameter: p["y_bins"] != nil ? "y_bins" : "y_range")] }
            return []
        }
        return spec
    }()

    /// Bins from `bins`, `range` + `count`, or (x only) `step_from`.
    static func cubeBins(_ p: Parameters, prefix: String, steps: Bool) throws(ParameterProblem) -> CubeBins {
        let edges = p.doubles(prefix + "bins"), range = p.doubles(prefix + "range"), count = p.int(prefix + "count")
        let stepped = steps && p["step_from"] != nil
        let ways = [edges != nil, range != nil || count != nil, stepped].filter { $0 }.count
        guard ways == 1 else {
            throw ParameterProblem("give exactly one of \(prefix)bins, \(prefix)range + \(prefix)count" + (steps ? ", step_from" : ""),
                                   parameter: prefix + (edges != nil ? "bins" : range != nil ? "range" : "bins"))
        }
        do {
            if let edges { return try CubeBins(edges: edges) }
            if stepped { return CubeBins(stepsWithTolerance: p.double("step_tolerance") ?? 0) }
            guard let range, range.count == 2, let count else {
                throw ParameterProblem("\(prefix)range needs [low, high] and \(prefix)count", parameter: prefix + "range")
            }
            guard range[0] < range[1] else { throw ParameterProblem("\(prefix)range must have low < high", parameter: prefix + "range") }
            return try CubeBins(count: count, range: range[0]...range[1])
        } catch let error as ParameterProblem {
            throw error
        } catch {
            throw ParameterProblem("\(error)", parameter: prefix + "bins")
        }
    }
}

/// Labels of a cube's axes.
struct CubeAxes: Sendable {
    var x: Axis, y: Axis, value: Axis
}
