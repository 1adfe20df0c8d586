import KaraboBridge
import Operators

extension BuiltInOperators {
    static let layoutParameter = ParameterSpec("layout", .choice(PulseLayout.allCases.map(\.rawValue)),
                                               help: "online: pulses last (as received live); file: pulses first")

    static func selection(_ p: Parameters, _ name: String) throws(ParameterProblem) -> PulseSelection {
        do { return try PulseSelection(parsing: p.string(name)!) } catch {
            throw ParameterProblem("\(error)", parameter: name)
        }
    }

    /// The input as a pulses-first Float array, the layout named by the `layout` parameter.
    static func pulsesFirst(_ inputs: ViewInputs, _ name: String, _ layout: PulseLayout) throws -> DenseArray<Float> {
        let a = try inputs.array(name)
        return layout == .file ? try DenseArray<Float>(a) : try DenseArray<Float>(pulsesFirst: a, layout: layout)
    }

    /// `pulse_select`: some pulses of a pulse-resolved array, pulses first.
    static let pulseSelect = OperatorSpec(
        name: "pulse_select", summary: "Selected pulses (Python slice \"0:64:2\", list \"1,3,5\" or \"all\"), pulses first.",
        inputs: [InputSpec("input", .array)],
        parameters: [ParameterSpec("pulses", .string, help: "slice, list or all"), layoutParameter],
        output: .array
    ) { p throws(ParameterProblem) in
        let pulses = try selection(p, "pulses")
        let layout = PulseLayout(rawValue: p.string("layout")!)!
        return TrainFunction { inputs in
            .wrapping(try pulsesFirst(inputs, "input", layout).selectingPulses(pulses).ndarray)
        }
    }

    /// `pulse_mean`: the mean over selected pulses (Double sums): `(pulses, …)` → `(…)`.
    static let pulseMean = OperatorSpec(
        name: "pulse_mean", summary: "Mean over the selected pulses: (pulses, …) → (…).",
        inputs: [InputSpec("input", .array)],
        parameters: [ParameterSpec("pulses", .string, default: .string("all")), layoutParameter,
                     ParameterSpec("nan", .choice(NaNPolicy.allCases.map(\.rawValue)), default: .string(NaNPolicy.propagate.rawValue),
                                   help: "propagate: NaN in any pulse gives NaN; ignore: nanmean")],
        output: .array
    ) { p throws(ParameterProblem) in
        let pulses = try selection(p, "pulses")
        let layout = PulseLayout(rawValue: p.string("layout")!)!
        let policy = NaNPolicy(rawValue: p.string("nan")!)!
        return TrainFunction { inputs in
            .wrapping(try pulsesFirst(inputs, "input", layout).pulseMean(pulses, nanPolicy: policy).ndarray)
        }
    }

    /// `stack_modules`: per-module arrays (inputs `module0` … `module15`) into `(pulses, modules, ss, fs)`,
    /// missing modules NaN (`extra_data.stack_detector_data`).
    static let stackModules = OperatorSpec(
        name: "stack_modules", summary: "Per-module sources stacked into (pulses, modules, ss, fs); missing modules NaN.",
        inputs: (0..<16).map { InputSpec("module\($0)", .array, optional: true) },
        parameters: [ParameterSpec("modules", .int, default: .int(16), help: "module count, 1…16"), layoutParameter],
        output: .array
    ) { p throws(ParameterProblem) in
        let count = p.int("modules")!
        guard (1...16).contains(count) else { throw ParameterProblem("modules must be 1…16", parameter: "modules") }
        let layout = PulseLayout(rawValue: p.string("layout")!)!
        return TrainFunction { inputs in
            var modules: [Int: NDArray] = [:]
            for m in 0..<count { if let v = inputs["module\(m)"] { modules[m] = v.ndarray } }
            guard !modules.isEmpty else { return nil }
            return .array(try ModuleStacking.stack(modules, moduleCount: count, layout: layout).ndarray)
        }
    }
}
