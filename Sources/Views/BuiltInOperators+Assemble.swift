import Operators

extension BuiltInOperators {
    /// Where the modules of a multi-module detector sit in the simulator's assembled image
    /// (docs/simulator.md §4.3): module arrays `(ss, fs)` pulses first, placed transposed
    /// (fs along rows, ss along columns).
    struct ModuleLayout: Sendable {
        var modules: Int, ss: Int, fs: Int, rows: Int, columns: Int
        var origin: @Sendable (Int) -> (row: Int, column: Int)

        static let agipd = ModuleLayout(modules: 16, ss: 512, fs: 128, rows: 1052, columns: 1028) { m in ((m % 8) * 132, (m / 8) * 516) }
        static let lpd = ModuleLayout(modules: 16, ss: 256, fs: 256, rows: 1036, columns: 1036) { m in ((m / 4) * 260, (m % 4) * 260) }
    }

    /// `assemble`: pulses-first module stacks `(…, modules, ss, fs)` into flat images `(…, rows, columns)`
    /// with the simulator's module positions; gaps are NaN.
    static let assemble = OperatorSpec(
        name: "assemble", summary: "Module stacks (…, 16, ss, fs) into assembled images (…, rows, columns) with NaN gaps (simulator geometry).",
        inputs: [InputSpec("input", .array, help: "pulses first: (modules, ss, fs) or (pulses, modules, ss, fs)")],
        parameters: [ParameterSpec("detector", .choice(["AGIPD", "LPD"]))],
        outputKind: { _, _ in .any }  // an image for a module stack, a stack of images for pulses: known as data flow
    ) { p throws(ParameterProblem) in
        let layout: ModuleLayout = p.string("detector") == "LPD" ? .lpd : .agipd
        return TrainFunction { inputs in
            .wrapping(try SimulatorAssembly.assemble(try floats(inputs, "input"), layout).ndarray)
        }
    }
}

/// Assembles the simulator's multi-module detectors into flat images (docs/simulator.md §4.3).
public enum SimulatorAssembly {
    /// The detectors it knows.
    public enum Detector: String, Sendable, CaseIterable { case agipd = "AGIPD", lpd = "LPD" }

    /// Pulses-first module stacks `(…, modules, ss, fs)` as flat images `(…, rows, columns)`, gaps NaN.
    public static func assemble(_ stack: DenseArray<Float>, detector: Detector) throws(OperatorError) -> DenseArray<Float> {
        try assemble(stack, detector == .lpd ? .lpd : .agipd)
    }

    static func assemble(_ stack: DenseArray<Float>, _ layout: BuiltInOperators.ModuleLayout) throws(OperatorError) -> DenseArray<Float> {
        let tail = [layout.modules, layout.ss, layout.fs]
        guard stack.rank >= 3, Array(stack.shape.suffix(3)) == tail else {
            throw OperatorError.shapeMismatch(expected: tail, actual: stack.shape)
        }
        let frames = stack.count / (layout.modules * layout.ss * layout.fs)
        let pixels = layout.rows * layout.columns
        let out = try DenseArray<Float>(shape: Array(stack.shape.dropLast(3)) + [layout.rows, layout.columns]) { out in
            out.initialize(repeating: .nan)
            stack.withUnsafeBufferPointer { src in
                for f in 0..<frames {
                    for m in 0..<layout.modules {
                        let (r0, c0) = layout.origin(m)
                        let base = (f * layout.modules + m) * layout.ss * layout.fs
                        for b in 0..<layout.ss {
                            let line = base + b * layout.fs
                            for a in 0..<layout.fs {
                                out[f * pixels + (r0 + a) * layout.columns + c0 + b] = src[line + a]
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}
