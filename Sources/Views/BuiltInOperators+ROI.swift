import KaraboBridge
import Operators

extension BuiltInOperators {
    /// The region-of-interest parameters `x`, `y`, `width`, `height` (the names the dashboard sends).
    static func roiParameters(optional: Bool) -> [ParameterSpec] {
        [ParameterSpec("x", .int, optional: optional, help: "first column"),
         ParameterSpec("y", .int, optional: optional, help: "first row"),
         ParameterSpec("width", .int, optional: optional, help: "columns, > 0"),
         ParameterSpec("height", .int, optional: optional, help: "rows, > 0")]
    }

    /// The region from `x`, `y`, `width`, `height`; nil when none is given.
    static func region(_ p: Parameters) throws(ParameterProblem) -> RegionOfInterest? {
        let given = ["x", "y", "width", "height"].filter { p[$0] != nil }
        if given.isEmpty { return nil }
        guard given.count == 4 else { throw ParameterProblem("a region needs all of x, y, width, height", parameter: "x") }
        guard p.int("width")! > 0 else { throw ParameterProblem("width must be positive", parameter: "width") }
        guard p.int("height")! > 0 else { throw ParameterProblem("height must be positive", parameter: "height") }
        return RegionOfInterest(x: p.int("x")!, y: p.int("y")!, width: p.int("width")!, height: p.int("height")!)
    }

    /// `axis` restricted to `range` of its elements (coordinates kept, indices shifted).
    static func slice(_ axis: Axis, _ range: Range<Int>) -> Axis {
        let values = axis.values.map { Array($0[range]) } ?? range.map(Double.init)
        return Axis(values: values, label: axis.label, unit: axis.unit)
    }

    /// `roi`: the pixels of each image inside a rectangle (EXtra-foam clipping); no value when the
    /// rectangle misses the image.
    static let roi = OperatorSpec(
        name: "roi", summary: "A rectangle of each image (clipped to the image; no value when empty).",
        inputs: [InputSpec("image", KindSet([.image, .array]), help: "an image or a stack (…, rows, columns)")],
        parameters: roiParameters(optional: false),
        outputKind: OperatorSpec.sameKind(as: "image")
    ) { p throws(ParameterProblem) in
        let region = try region(p)!
        return TrainFunction { inputs in
            let input = try inputs.value("image")
            let array = try floats(inputs, "image")
            guard array.rank >= 2, let clipped = region.clipped(rows: array.shape[array.rank - 2], columns: array.shape[array.rank - 1]),
                  let cropped = try array.cropped(to: region) else { return nil }
            if case let .image(_, x, y) = input {
                return .image(cropped.ndarray, x: slice(x, clipped.x..<clipped.x + clipped.width),
                              y: slice(y, clipped.y..<clipped.y + clipped.height))
            }
            return .wrapping(cropped.ndarray)
        }
    }
}
