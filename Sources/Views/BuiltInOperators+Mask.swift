import Operators

extension BuiltInOperators {
    /// `threshold`: elements outside `[low, high]` become NaN (NaN stays NaN).
    static let threshold = OperatorSpec(
        name: "threshold", summary: "Elements outside [low, high] become NaN.",
        inputs: [InputSpec("input", .array)],
        parameters: [ParameterSpec("low", .double, optional: true, help: "lowest kept value (−∞ when absent)"),
                     ParameterSpec("high", .double, optional: true, help: "highest kept value (+∞ when absent)")],
        outputKind: OperatorSpec.sameKind(as: "input")
    ) { p throws(ParameterProblem) in
        guard p["low"] != nil || p["high"] != nil else { throw ParameterProblem("give low, high or both", parameter: "low") }
        let low = p.double("low") ?? -.infinity, high = p.double("high") ?? .infinity
        guard low <= high else { throw ParameterProblem("low must not exceed high", parameter: "low") }
        return TrainFunction { inputs in
            sameKind(try floats(inputs, "input").thresholded(to: low...high).ndarray, like: try inputs.value("input"))
        }
    }

    /// `mask`: pixels flagged (nonzero) in a mask file become NaN in every frame; the file is read at load time.
    static let mask = OperatorSpec(
        name: "mask", summary: "Masked pixels (nonzero in a .npy or HDF5 mask file) become NaN in every frame.",
        inputs: [InputSpec("image", KindSet([.image, .array]))],
        parameters: [ParameterSpec("file", .string, help: ".npy, or HDF5 with `dataset`"),
                     ParameterSpec("dataset", .string, default: .string("mask"), help: "HDF5 dataset path"),
                     ParameterSpec("invert", .bool, default: .bool(false), help: "the file flags good pixels")],
        outputKind: OperatorSpec.sameKind(as: "image")
    ) { p throws(ParameterProblem) in
        let pixelMask: PixelMask
        do {
            pixelMask = try PixelMask.load(path: p.string("file")!, dataset: p.string("dataset")!, invert: p.bool("invert")!)
        } catch {
            throw ParameterProblem("\(error)", parameter: "file")
        }
        return TrainFunction { inputs in
            sameKind(try floats(inputs, "image").masked(by: pixelMask).ndarray, like: try inputs.value("image"))
        }
    }
}
