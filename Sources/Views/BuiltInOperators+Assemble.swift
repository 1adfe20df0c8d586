import Operators

extension BuiltInOperators {
    /// `assemble`: module stacks `(…, modules, ss, fs)` into flat images `(…, rows, columns)`.
    /// With `geometry: FILE` (a CrystFEL `.geom`), exactly EXtra-geom's `position_modules`, and
    /// `x`/`y` axes in metres from the beam; with `detector: AGIPD|LPD`, the simulator's module
    /// positions (``SimulatorAssembly``). Gaps are NaN.
    static let assemble = OperatorSpec(
        name: "assemble",
        summary: "Module stacks (…, modules, ss, fs) into assembled images (…, rows, columns) with NaN gaps: a CrystFEL .geom (as EXtra-geom position_modules) or the simulator's layout.",
        inputs: [InputSpec("input", .array, help: "pulses first: (modules, ss, fs) or (pulses, modules, ss, fs)")],
        parameters: [
            ParameterSpec("geometry", .string, optional: true, help: "CrystFEL .geom file (EXtra-geom's write_crystfel_geom, CrystFEL 0.9+)"),
            ParameterSpec("pixel_size", .double, optional: true, help: "snapping pixel size, m (default: the detector's, from res)"),
            ParameterSpec("detector", .choice(SimulatorAssembly.Detector.allCases.map(\.rawValue)), optional: true,
                          help: "the simulator's module layout, instead of a geometry file"),
        ],
        outputKind: { _, _ in .any }  // an image for a module stack, a stack of images for pulses: known as data flow
    ) { p throws(ParameterProblem) in
        switch (p.string("geometry"), p.string("detector")) {
        case (nil, nil):
            throw ParameterProblem("give geometry (a .geom file) or detector (AGIPD|LPD)", parameter: "geometry")
        case (.some, .some):
            throw ParameterProblem("give geometry or detector, not both", parameter: "detector")
        case let (nil, detector?):
            let assembly = SimulatorAssembly(detector: SimulatorAssembly.Detector(rawValue: detector) ?? .agipd)
            return TrainFunction { inputs in
                .wrapping(try assembly.assemble(try floats(inputs, "input")).ndarray)
            }
        case let (path?, nil):
            let assembly = try geometryAssembly(path: path, pixelSize: p.double("pixel_size"))
            let x = Axis(values: assembly.xAxis, label: "x", unit: "m"), y = Axis(values: assembly.yAxis, label: "y", unit: "m")
            return TrainFunction { inputs in
                let images = try assembly.assemble(try floats(inputs, "input"))
                return images.rank == 2 ? .image(images.ndarray, x: x, y: y) : .wrapping(images.ndarray)
            }
        }
    }

    /// Loads a `.geom` file and plans its assembly; errors read `FILE:LINE: what is wrong`.
    static func geometryAssembly(path: String, pixelSize: Double?) throws(ParameterProblem) -> GeometryAssembly {
        if let pixelSize, !(pixelSize > 0 && pixelSize.isFinite) {
            throw ParameterProblem("pixel_size must be positive", parameter: "pixel_size")
        }
        do {
            return try GeometryAssembly(geometry: try PanelGeometry.load(crystFEL: path), pixelSize: pixelSize)
        } catch {
            throw ParameterProblem("\(error)", parameter: "geometry")
        }
    }
}
