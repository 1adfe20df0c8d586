import Operators

extension BuiltInOperators {
    /// `assemble`: pulses-first module stacks `(…, modules, ss, fs)` into flat images `(…, rows, columns)`
    /// with the simulator's module positions (``SimulatorAssembly``); gaps are NaN.
    static let assemble = OperatorSpec(
        name: "assemble", summary: "Module stacks (…, 16, ss, fs) into assembled images (…, rows, columns) with NaN gaps (simulator geometry).",
        inputs: [InputSpec("input", .array, help: "pulses first: (modules, ss, fs) or (pulses, modules, ss, fs)")],
        parameters: [ParameterSpec("detector", .choice(SimulatorAssembly.Detector.allCases.map(\.rawValue)))],
        outputKind: { _, _ in .any }  // an image for a module stack, a stack of images for pulses: known as data flow
    ) { p throws(ParameterProblem) in
        let assembly = SimulatorAssembly(detector: SimulatorAssembly.Detector(rawValue: p.string("detector")!) ?? .agipd)
        return TrainFunction { inputs in
            .wrapping(try assembly.assemble(try floats(inputs, "input")).ndarray)
        }
    }
}
