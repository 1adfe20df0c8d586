import ByteSlices
import Foundation
import KaraboBridge

extension Simulation {
    /// Camera image size (rows, columns).
    public static let cameraRows = 480, cameraColumns = 640
    /// Camera dark level and noise (ADU).
    static let cameraBackground: Float = 100, cameraNoise: Float = 3
    /// Spot peak height at mean pulse intensity 1 (ADU), and its standard deviation (pixels).
    public static let spotAmplitude: Double = 2000, spotSigma: Double = 12

    /// Where the beam spot is centred for a motor position (mm): column 320 + 50·x, row 240
    /// (array indices of `data.image.pixels[row, column]`).
    public static func spotCentre(motorPosition x: Double) -> (row: Double, column: Double) {
        (240, 320 + 50 * x)
    }

    /// A camera with Karabo ImageData keys. The image is 100 ADU + noise (σ 3) plus a Gaussian
    /// spot (σ 12 px, height 2000 × mean pulse intensity) at ``spotCentre(motorPosition:)``;
    /// no spot with `--dark` or without pulses; 12-bit values.
    func cameraSource(_ plan: TrainPlan) -> SourceData {
        let rows = Simulation.cameraRows, columns = Simulation.cameraColumns
        let pixels: NDArray
        if configuration.generator == .zeros {
            pixels = try! NDArray(dtype: .uint16, shape: [rows, columns], data: ByteSlice(HeapBytes(zeroedCount: rows * columns * 2)))
        } else {
            pixels = cameraImage(plan)
        }
        var out = source(SourceNames.camera, plan)
        out.data["data.image.pixels"] = .array(pixels)
        out.data["data.image.dimensions"] = .list([.uint(UInt64(rows)), .uint(UInt64(columns))])
        out.data["data.image.dimensionTypes"] = .list([.uint(0), .uint(0)])
        out.data["data.image.dimensionScales"] = .string("")
        out.data["data.image.encoding"] = .string("GRAY")
        out.data["data.image.bitsPerPixel"] = .uint(12)
        out.data["data.image.ROIOffsets"] = .list([.uint(0), .uint(0)])
        out.data["data.image.binning"] = .list([.uint(1), .uint(1)])
        out.data["data.image.rotation"] = .uint(0)
        out.data["data.image.flipX"] = .bool(false)
        out.data["data.image.flipY"] = .bool(false)
        return out
    }

    private func cameraImage(_ plan: TrainPlan) -> NDArray {
        let rows = Simulation.cameraRows, columns = Simulation.cameraColumns
        let pump = configuration.scan != nil && plan.pumped ? Simulation.scanPumpedSpotFactor : 1
        let amplitude = configuration.dark ? 0 : Simulation.spotAmplitude * plan.meanIntensity * pump
        let centre = Simulation.spotCentre(motorPosition: plan.motorPosition)
        let sigma = Simulation.spotSigma
        let offset = Int(Randomness.hash(configuration.seed, .cameraNoise, plan.trainID) & UInt64(NoiseTable.mask))
        let storage = HeapBytes(count: rows * columns * 2) { (buffer: UnsafeMutableRawBufferPointer) in
            let out = buffer.baseAddress!.assumingMemoryBound(to: UInt16.self)
            // Separable Gaussian, evaluated only within 6σ of the centre.
            let reach = Int(6 * sigma)
            let c0 = max(0, Int(centre.column) - reach), c1 = min(columns, Int(centre.column) + reach + 1)
            let r0 = max(0, Int(centre.row) - reach), r1 = min(rows, Int(centre.row) + reach + 1)
            let gx = (c0..<max(c0, c1)).map { Float(exp(-0.5 * pow((Double($0) - centre.column) / sigma, 2))) }
            let gy = (r0..<max(r0, r1)).map { Float(amplitude * exp(-0.5 * pow((Double($0) - centre.row) / sigma, 2))) }
            noise.values.withUnsafeBufferPointer { z in
                for r in 0..<rows {
                    let inRows = r >= r0 && r < r1
                    for c in 0..<columns {
                        var value = Simulation.cameraBackground + Simulation.cameraNoise * z[(offset &+ r * columns &+ c) & NoiseTable.mask]
                        if inRows && c >= c0 && c < c1 { value += gy[r - r0] * gx[c - c0] }
                        out[r * columns + c] = UInt16(min(4095, max(0, value + 0.5)))
                    }
                }
            }
        }
        return try! NDArray(dtype: .uint16, shape: [rows, columns], data: ByteSlice(storage))
    }
}
