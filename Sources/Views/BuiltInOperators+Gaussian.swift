import Operators

extension BuiltInOperators {
    /// `gaussian`: `scipy.ndimage.gaussian_filter(image, sigma, mode='reflect', truncate)` on each
    /// image of the input (the last two axes).
    static let gaussian = OperatorSpec(
        name: "gaussian", summary: "Gaussian smoothing of each image (scipy gaussian_filter, mode reflect).",
        inputs: [InputSpec("image", KindSet([.image, .array]), help: "an image or a stack of images (…, rows, columns)")],
        parameters: [ParameterSpec("sigma", .double, help: "standard deviation in pixels"),
                     ParameterSpec("truncate", .double, default: .double(4), help: "kernel radius in sigmas")],
        outputKind: OperatorSpec.sameKind(as: "image")
    ) { p throws(ParameterProblem) in
        let filter: GaussianFilter
        do {
            filter = try GaussianFilter(sigma: p.double("sigma")!, truncate: p.double("truncate")!)
        } catch {
            throw ParameterProblem("\(error)", parameter: "sigma")
        }
        return TrainFunction { inputs in
            let image = try inputs.value("image")
            return sameKind(try filter.apply(to: try floats(inputs, "image")).ndarray, like: image)
        }
    }
}
