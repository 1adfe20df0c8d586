import KaraboBridge
import Operators

extension BuiltInOperators {
    /// `g2`: multi-tau intensity autocorrelation across trains (or pulses, frames first) per
    /// ROI, scikit-beam's semantics; `reset` restarts it.
    static let g2 = OperatorSpec(
        name: "g2", summary: "Multi-tau g2 across frames (trains or pulses) per ROI (scikit-beam semantics).",
        inputs: [InputSpec("image", KindSet([.image, .array]), help: "a frame, or frames first")],
        parameters: [ParameterSpec("levels", .int, default: .int(4), help: "scikit-beam num_levels (level 0 included)"),
                     ParameterSpec("buffers", .int, default: .int(8), help: "scikit-beam num_bufs (even)"),
                     ParameterSpec("labels_file", .string, optional: true, help: ".npy ROI labels (0 = none) in frame shape; result: image (rows = ROIs in label order)"),
                     ParameterSpec("roi", .doubles, optional: true, help: "[x, y, width, height]: one rectangular ROI; result: vector")],
        stage: .reduce,
        outputKind: { p, _ in p["roi"] != nil ? .vector : .image }
    ) { p throws(ParameterProblem) in
        let levels = p.int("levels")!, buffers = p.int("buffers")!
        var fileLabels: [Int]?
        if let file = p.string("labels_file") {
            guard p["roi"] == nil else { throw ParameterProblem("give labels_file or roi, not both", parameter: "roi") }
            do { fileLabels = try RadiusMap.load(path: file).radius.map { Int($0) } } catch { throw ParameterProblem("\(error)", parameter: "labels_file") }
        }
        let roi = p.doubles("roi")
        if let roi { guard roi.count == 4, roi[2] >= 1, roi[3] >= 1 else { throw ParameterProblem("roi must be [x, y, width, height]", parameter: "roi") } }
        guard fileLabels != nil || roi != nil else { throw ParameterProblem("give labels_file or roi", parameter: "roi") }
        do { _ = try MultiTau(levels: levels, buffers: buffers, labels: [1]) } catch { throw ParameterProblem("\(error)", parameter: "buffers") }
        let fixedLabels = fileLabels
        return StatefulFunction(initial: MultiTau?.none) { state, inputs in
            let frames = try floats(inputs, "image")
            guard frames.rank >= 2 else { throw OperatorError.rankMismatch(expected: "an image or frames first", shape: frames.shape) }
            let rows = frames.shape[frames.rank - 2], columns = frames.shape[frames.rank - 1], per = rows * columns
            if state == nil {
                var labels = fixedLabels ?? [Int](repeating: 0, count: per)
                if let roi, let box = RegionOfInterest(x: Int(roi[0]), y: Int(roi[1]), width: Int(roi[2]), height: Int(roi[3])).clipped(rows: rows, columns: columns) {
                    for r in box.y..<(box.y + box.height) { for c in box.x..<(box.x + box.width) { labels[r * columns + c] = 1 } }
                }
                guard labels.count == per else { throw OperatorError.shapeMismatch(expected: [rows, columns], actual: [labels.count]) }
                state = try MultiTau(levels: levels, buffers: buffers, labels: labels)
            }
            guard var tau = state else { return nil }
            try frames.withUnsafeBufferPointer { all throws(OperatorError) in
                for f in 0..<(frames.count / Swift.max(per, 1)) { try tau.add(UnsafeBufferPointer(rebasing: all[f * per..<(f + 1) * per])) }
            }
            state = tau
            let (lags, g2) = tau.result
            guard !lags.isEmpty else { return nil }
            let x = Axis(values: lags.map(Double.init), label: "lag", unit: "frames")
            if roi != nil { return .vector(.float64(g2.map { $0[0] }), x: x, value: Axis(label: "g2")) }
            let byROI = (0..<tau.roiCount).flatMap { r in g2.map { $0[r] } }
            return .image(.float64(byROI, shape: [tau.roiCount, lags.count]), x: x, y: .index("roi"))
        }
    }
}
