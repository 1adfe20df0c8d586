import KaraboBridge
import Operators
import Views

/// `camera_spot`: a camera image smoothed, then cropped to a region (`GaussianFilter.apply(to:in:)`:
/// only the region plus a halo is computed). Written with the Swift view API.
public enum CameraSpot {
    public static let spec = OperatorSpec(
        name: "camera_spot", summary: "A camera image smoothed (scipy gaussian_filter), then cropped to x, y, width, height.",
        inputs: [InputSpec("image", .image)],
        parameters: [ParameterSpec("x", .int), ParameterSpec("y", .int), ParameterSpec("width", .int), ParameterSpec("height", .int),
                     ParameterSpec("sigma", .double, default: .double(3), help: "pixels")],
        output: .image
    ) { p throws(ParameterProblem) in
        guard p.int("width")! > 0, p.int("height")! > 0 else { throw ParameterProblem("width and height must be positive", parameter: "width") }
        let region = RegionOfInterest(x: p.int("x")!, y: p.int("y")!, width: p.int("width")!, height: p.int("height")!)
        let filter: GaussianFilter
        do { filter = try GaussianFilter(sigma: p.double("sigma")!) } catch { throw ParameterProblem("\(error)", parameter: "sigma") }
        return TrainFunction { inputs in
            let image = try DenseArray<Float>(try inputs.array("image"))
            guard image.rank == 2, let clipped = region.clipped(rows: image.shape[0], columns: image.shape[1]),
                  let smoothed = try filter.apply(to: image, in: region) else { return nil }
            return .image(smoothed.ndarray,
                          x: Axis(values: (clipped.x..<clipped.x + clipped.width).map(Double.init), label: "x"),
                          y: Axis(values: (clipped.y..<clipped.y + clipped.height).map(Double.init), label: "y"))
        }
    }
}
