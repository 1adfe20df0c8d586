import KaraboBridge
import Operators

/// Views-file operators wrapping the numerical kernels of the `Operators` module.
enum BuiltInOperators {
    static let all: [OperatorSpec] = [
        gaussian, azimuthalIntegration, roi, statistics, projection, threshold, mask, dark,
        pulseSelect, pulseMean, stackModules, assemble, movingAverage, pumpProbe, histogram, correlation,
        pixelMap, peakfinder8, hitRate, hit, droplets, photons, sparsify, g2,
    ]
        + filterOperators + [expression, cube]

    /// Reads an input as Float arrays (zero copy for contiguous float32 data).
    static func floats(_ inputs: ViewInputs, _ name: String) throws -> DenseArray<Float> {
        try DenseArray<Float>(try inputs.array(name))
    }

    /// A result array of the same kind as the input it was computed from.
    static func sameKind(_ array: NDArray, like input: ViewValue) -> ViewValue {
        switch input {
        case let .image(_, x, y) where array.rank == 2: return .image(array, x: x, y: y)
        case let .vector(_, x, v) where array.rank == 1: return .vector(array, x: x, value: v)
        default: return .wrapping(array)
        }
    }
}
