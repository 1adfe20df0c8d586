import KaraboBridge
import Operators

extension BuiltInOperators {
    static let dropletParameters: [ParameterSpec] = [
        ParameterSpec("threshold", .double, help: "seed threshold, ADU (pixels ≥ it)"),
        ParameterSpec("join_threshold", .double, optional: true, help: "join threshold, ADU (default: threshold)"),
        ParameterSpec("connectivity", .choice(["4", "8"]), default: .string("4")),
        ParameterSpec("min_adu", .double, optional: true, help: "drop droplets with fewer ADU"),
        ParameterSpec("pixel_max", .double, optional: true, help: "pixels above it are zeroed first"),
        ParameterSpec("mask_file", .string, optional: true, help: ".npy or HDF5 mask, nonzero = bad"),
        ParameterSpec("mask_dataset", .string, default: .string("mask")),
    ]

    static func dropletSetup(_ p: Parameters) throws(ParameterProblem) -> (DropletFinder, PixelMask?) {
        var mask: PixelMask?
        if let file = p.string("mask_file") {
            do { mask = try PixelMask.load(path: file, dataset: p.string("mask_dataset")!) } catch {
                throw ParameterProblem("\(error)", parameter: "mask_file")
            }
        }
        do {
            let finder = try DropletFinder(threshold: Float(p.double("threshold")!), joinThreshold: p.double("join_threshold").map { Float($0) },
                                           connectivity: p.string("connectivity") == "8" ? .eight : .four,
                                           minimumADU: p.double("min_adu").map { Float($0) }, pixelMaximum: p.double("pixel_max").map { Float($0) })
            return (finder, mask)
        } catch {
            throw ParameterProblem("\(error)", parameter: "threshold")
        }
    }

    static let pixelAxes = (x: Axis(label: "column", unit: "px"), y: Axis(label: "row", unit: "px"))

    /// `droplets`: connected regions above a threshold (smalldata_tools' droplet finder).
    static let droplets = OperatorSpec(
        name: "droplets", summary: "Connected regions above a threshold (smalldata_tools): points at the centroids with adu, pixels, bounding box.",
        inputs: [InputSpec("image", .image)], parameters: dropletParameters, stage: .train, output: .points
    ) { p throws(ParameterProblem) in
        let (finder, mask) = try dropletSetup(p)
        return TrainFunction { inputs in
            let list = try finder.find(in: try floats(inputs, "image"), mask: mask)
            let d = list.droplets
            let columns: PointColumns = [
                "adu": .array(.float64(d.map(\.adu))), "pixels": .array(.int32(d.map { Int32(clamping: $0.pixelCount) })),
                "row_min": .array(.int32(d.map { Int32(clamping: $0.rowRange.lowerBound) })),
                "row_max": .array(.int32(d.map { Int32(clamping: $0.rowRange.upperBound) })),
                "col_min": .array(.int32(d.map { Int32(clamping: $0.columnRange.lowerBound) })),
                "col_max": .array(.int32(d.map { Int32(clamping: $0.columnRange.upperBound) })),
                "count_all": .int(Int64(list.allCount)),
            ]
            return .points(x: .float64(d.map(\.column)), y: .float64(d.map(\.row)), xAxis: pixelAxes.x, yAxis: pixelAxes.y, columns: columns)
        }
    }

    /// `photons`: droplets converted to photon positions (greedy guess, smalldata_tools' droplet2Photons).
    static let photons = OperatorSpec(
        name: "photons", summary: "Photon positions from droplets (greedy guess, smalldata_tools' droplet2Photons).",
        inputs: [InputSpec("image", .image)],
        parameters: dropletParameters + [ParameterSpec("adu_per_photon", .double, help: "ADU of one photon")],
        stage: .train, output: .points
    ) { p throws(ParameterProblem) in
        let (finder, mask) = try dropletSetup(p)
        let converter: PhotonConverter
        do { converter = try PhotonConverter(aduPerPhoton: p.double("adu_per_photon")!, droplets: finder) } catch {
            throw ParameterProblem("\(error)", parameter: "adu_per_photon")
        }
        return TrainFunction { inputs in
            let photons = try converter.photons(in: try floats(inputs, "image"), mask: mask)
            return .points(x: .float64(photons.map(\.column)), y: .float64(photons.map(\.row)), xAxis: pixelAxes.x, yAxis: pixelAxes.y,
                           columns: ["count": .int(Int64(photons.count))])
        }
    }

    /// `sparsify`: an image's nonzero elements as (row, column, value), optionally capped.
    static let sparsify = OperatorSpec(
        name: "sparsify", summary: "Nonzero pixels as COO: points x = column, y = row with value (optional fixed length).",
        inputs: [InputSpec("image", .image)],
        parameters: [ParameterSpec("cap", .int, optional: true, help: "fixed length: truncate or zero-pad to N entries")],
        stage: .train, output: .points
    ) { p throws(ParameterProblem) in
        let cap = p.int("cap")
        if let cap, cap < 0 { throw ParameterProblem("cap must be ≥ 0", parameter: "cap") }
        return TrainFunction { inputs in
            let s = try SparseImage(try floats(inputs, "image"), cap: cap)
            return .points(x: .int32(s.columns), y: .int32(s.rows), xAxis: pixelAxes.x, yAxis: pixelAxes.y,
                           columns: ["value": .array(.float32(s.values)), "count": .int(Int64(s.count))])
        }
    }
}
