import KaraboBridge
import Operators
import Synchronization

extension BuiltInOperators {
    static let peakParameters: [ParameterSpec] = [
        ParameterSpec("adc_threshold", .double, help: "absolute floor of the detection threshold (ADU)"),
        ParameterSpec("minimum_snr", .double, help: "k-sigma of the radial threshold and minimum peak SNR"),
        ParameterSpec("min_pixel_count", .int, default: .int(2)), ParameterSpec("max_pixel_count", .int, default: .int(200)),
        ParameterSpec("local_bg_radius", .int, default: .int(3), help: "b: background disc of radius 2b"),
        ParameterSpec("min_res", .double, optional: true, help: "radius (pixels) below which pixels are left out"),
        ParameterSpec("max_res", .double, optional: true, help: "radius (pixels) above which pixels are left out"),
        ParameterSpec("max_num_peaks", .int, default: .int(2048)),
        ParameterSpec("min_peaks", .int, default: .int(10), help: "a frame is a hit with at least this many peaks"),
        ParameterSpec("asic_rows", .int, optional: true, help: "panel height (default: the whole frame)"),
        ParameterSpec("asic_columns", .int, optional: true, help: "panel width (default: the whole frame)"),
        ParameterSpec("rows", .int, optional: true), ParameterSpec("columns", .int, optional: true),
        ParameterSpec("poni1", .double, optional: true, help: "m, beam centre along rows (as for integration)"),
        ParameterSpec("poni2", .double, optional: true, help: "m, beam centre along columns"),
        ParameterSpec("pixel1", .double, optional: true, help: "m"), ParameterSpec("pixel2", .double, optional: true, help: "m"),
        ParameterSpec("radius_file", .string, optional: true, help: ".npy radius map (pixels), frame layout"),
        ParameterSpec("mask_file", .string, optional: true, help: ".npy or HDF5 mask, nonzero = bad"),
        ParameterSpec("mask_dataset", .string, default: .string("mask")),
        ParameterSpec("mask_invert", .bool, default: .bool(false), help: "the mask file flags good pixels (OM style)"),
        ParameterSpec("fast_sample", .int, optional: true, help: "radial statistics from N pixels per bin (seeded sample)"),
        ParameterSpec("seed", .int, default: .int(0), help: "seed of the fast-mode sample"),
    ]

    /// Everything but the radius map, checked at load time.
    struct PeakSetup: Sendable {
        var parameters: PeakFinder8.Parameters
        var asicRows: Int?, asicColumns: Int?
        var mask: PixelMask?
        var fastSample: Int?
        var seed: UInt64
        var minPeaks: Int

        /// A finder for frames of `rows × columns` with this radius map.
        func finder(radius: [Float], rows: Int, columns: Int) throws(OperatorError) -> PeakFinder8 {
            let ar = asicRows ?? rows, ac = asicColumns ?? columns
            guard ar > 0, ac > 0, rows % ar == 0, columns % ac == 0 else {
                throw .invalidParameter(name: "asic_rows/asic_columns", reason: "\(ar)×\(ac) panels do not tile a \(rows)×\(columns) frame")
            }
            let panels = PeakFinder8.Panels(asicRows: ar, asicColumns: ac, panelRows: rows / ar, panelColumns: columns / ac)
            var sample: PeakFinder8.RadialSample?
            if let n = fastSample { sample = PeakFinder8.RadialSample.random(radius: radius, perBin: n, seed: seed) }
            if let mask, mask.flags.count != rows * columns { throw .shapeMismatch(expected: [rows, columns], actual: mask.shape) }
            return try PeakFinder8(radius: radius, panels: panels, mask: mask, parameters: parameters, sample: sample)
        }
    }

    /// The frame layout of an array: (frames or nil for one frame, rows, columns); n-d frames
    /// stack their middle axes along the rows.
    static func frameLayout(_ shape: [Int]) -> (frames: Int?, rows: Int, columns: Int)? {
        switch shape.count {
        case 2: return (nil, shape[0], shape[1])
        case 3...: return (shape[0], shape.dropFirst().dropLast().reduce(1, *), shape[shape.count - 1])
        default: return nil
        }
    }

    static func peakSetup(_ p: Parameters) throws(ParameterProblem) -> PeakSetup {
        var mask: PixelMask?
        if let file = p.string("mask_file") {
            do { mask = try PixelMask.load(path: file, dataset: p.string("mask_dataset")!, invert: p.bool("mask_invert")!) } catch {
                throw ParameterProblem("\(error)", parameter: "mask_file")
            }
        }
        let parameters = PeakFinder8.Parameters(
            adcThreshold: Float(p.double("adc_threshold")!), minimumSNR: Float(p.double("minimum_snr")!),
            minPixelCount: p.int("min_pixel_count")!, maxPixelCount: p.int("max_pixel_count")!,
            localBackgroundRadius: p.int("local_bg_radius")!, minResolution: p.double("min_res").map { Float($0) },
            maxResolution: p.double("max_res").map { Float($0) }, maxPeaks: p.int("max_num_peaks")!)
        if let n = p.int("fast_sample"), n < 1 { throw ParameterProblem("fast_sample must be ≥ 1", parameter: "fast_sample") }
        guard p.int("min_peaks")! >= 0 else { throw ParameterProblem("min_peaks must be ≥ 0", parameter: "min_peaks") }
        return PeakSetup(parameters: parameters, asicRows: p.int("asic_rows"), asicColumns: p.int("asic_columns"), mask: mask,
                         fastSample: p.int("fast_sample"), seed: UInt64(truncatingIfNeeded: p.int("seed")!), minPeaks: p.int("min_peaks")!)
    }

    /// The load-time finder from `radius_file` or the flat-detector parameters; nil when the
    /// radius map comes as the `radius` input instead.
    static func peakFinder(_ p: Parameters, setup: PeakSetup) throws(ParameterProblem) -> PeakFinder8? {
        let flatNames = ["rows", "columns", "poni1", "poni2", "pixel1", "pixel2"]
        let given = flatNames.filter { p[$0] != nil }
        do {
            if let file = p.string("radius_file") {
                guard given.isEmpty else { throw ParameterProblem("give radius_file or \(flatNames.joined(separator: ", ")), not both", parameter: "radius_file") }
                let (radius, shape) = try RadiusMap.load(path: file)
                guard let layout = frameLayout(shape.count == 1 ? [1, shape[0]] : shape) else {
                    throw ParameterProblem("radius map of shape \(shape) is not a frame", parameter: "radius_file")
                }
                return try setup.finder(radius: radius, rows: layout.frames.map { $0 * layout.rows } ?? layout.rows, columns: layout.columns)
            }
            guard !given.isEmpty else { return nil }
            guard given.count == flatNames.count else {
                throw ParameterProblem("a flat radius map needs \(flatNames.filter { p[$0] == nil }.joined(separator: ", "))", parameter: "rows")
            }
            let rows = p.int("rows")!, columns = p.int("columns")!
            let radius = try RadiusMap.flat(rows: rows, columns: columns, poni1: p.double("poni1")!, poni2: p.double("poni2")!,
                                            pixel1: p.double("pixel1")!, pixel2: p.double("pixel2")!)
            return try setup.finder(radius: radius, rows: rows, columns: columns)
        } catch let error as ParameterProblem {
            throw error
        } catch {
            throw ParameterProblem("\(error)", parameter: p["radius_file"] != nil ? "radius_file" : "rows")
        }
    }

    /// `peakfinder8`: OM's peakfinder8 per frame (2-D) or per pulse (pulses first); points
    /// x = fs, y = ss with `intensity`, `snr`, `pixels`, `frame`, `peak_count`, `hit`.
    static let peakfinder8 = OperatorSpec(
        name: "peakfinder8", summary: "Bragg peaks (OM's peakfinder8): points x = fs, y = ss with intensity, snr, pixels and hit.",
        inputs: [InputSpec("image", KindSet([.image, .array]), help: "a frame, or frames first (pulses)"),
                 InputSpec("radius", KindSet([.image, .array]), optional: true, help: "radius map (pixels) in frame layout, e.g. from a geometry view")],
        parameters: peakParameters, stage: .train, output: .points
    ) { p throws(ParameterProblem) in
        let setup = try peakSetup(p)
        let fixed = try peakFinder(p, setup: setup)
        let cache = Mutex<(key: DenseArray<Float>, finder: PeakFinder8)?>(nil)
        return TrainFunction { inputs in
            let frames = try floats(inputs, "image")
            let finder: PeakFinder8
            if inputs.values["radius"] != nil {
                let map = try floats(inputs, "radius")
                if let hit = cache.withLock({ c in c.flatMap { $0.key.isSameMemory(as: map) || $0.key == map ? $0.finder : nil } }) {
                    finder = hit
                } else {
                    guard let layout = frameLayout(map.shape.count == 1 ? [1, map.shape[0]] : map.shape) else {
                        throw OperatorError.rankMismatch(expected: "a radius map in frame layout", shape: map.shape)
                    }
                    finder = try setup.finder(radius: try RadiusMap.from(map), rows: layout.frames.map { $0 * layout.rows } ?? layout.rows,
                                              columns: layout.columns)
                    cache.withLock { $0 = (map, finder) }
                }
            } else if let fixed {
                finder = fixed
            } else {
                throw OperatorError.invalidParameter(name: "radius", reason: "no radius map: give the radius input, radius_file or rows, columns, poni1, poni2, pixel1, pixel2")
            }
            // An array holding exactly one frame's pixels is one frame; otherwise frames first.
            let stacked = frames.count != finder.panels.rows * finder.panels.columns
            let lists = stacked ? try finder.findEach(in: frames) : [try finder.find(in: frames)]
            return peakPoints(lists, minPeaks: setup.minPeaks, stacked: stacked)
        }
    }

    /// A peak list as points; `hit` is a bool for one frame and a uint8 per frame for a stack.
    static func peakPoints(_ lists: [PeakList8], minPeaks: Int, stacked: Bool) -> ViewValue {
        var fs: [Float] = [], ss: [Float] = [], intensity: [Float] = [], snr: [Float] = [], pixels: [Int32] = [], frame: [Int32] = []
        for (f, list) in lists.enumerated() {
            for peak in list.peaks {
                fs.append(peak.fs)
                ss.append(peak.ss)
                intensity.append(peak.intensity)
                snr.append(peak.snr)
                pixels.append(Int32(clamping: peak.pixelCount))
                frame.append(Int32(clamping: f))
            }
        }
        let counts = lists.map(\.foundCount)
        var columns: PointColumns = ["intensity": .array(.float32(intensity)), "snr": .array(.float32(snr)),
                                     "pixels": .array(.int32(pixels))]
        if stacked {
            columns["frame"] = .array(.int32(frame))
            columns["peak_count"] = .array(.int32(counts.map { Int32(clamping: $0) }))
            columns["hit"] = .array(.uint8(counts.map { $0 >= minPeaks ? 1 : 0 }))
        } else {
            columns["peak_count"] = .int(Int64(counts.first ?? 0))
            columns["hit"] = .bool((counts.first ?? 0) >= minPeaks)
        }
        return .points(x: .float32(fs), y: .float32(ss), xAxis: Axis(label: "fs", unit: "px"), yAxis: Axis(label: "ss", unit: "px"),
                       columns: columns)
    }
}
