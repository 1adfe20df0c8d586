/// Places the modules of the simulator's multi-module detectors into flat assembled images
/// (docs/simulator.md §4.3).
///
/// Input: pulses-first module stacks `(…, modules, ss, fs)` — the `.file` layout, or `.online`
/// data made pulses first. Each module's `(ss, fs)` slice is placed transposed (fs along rows,
/// ss along columns) at the module's origin; pixels between modules are NaN.
///
/// * AGIPD: 16 modules of 512 × 128, image 1052 × 1028, origin of module m at
///   `((m mod 8)·132, ⌊m/8⌋·516)`.
/// * LPD: 16 modules of 256 × 256, image 1036 × 1036, origin `(⌊m/4⌋·260, (m mod 4)·260)`.
public struct SimulatorAssembly: Sendable, Hashable {
    /// The detectors it knows.
    public enum Detector: String, Sendable, CaseIterable { case agipd = "AGIPD", lpd = "LPD" }

    /// The detector.
    public let detector: Detector
    /// Modules per detector.
    public let modules: Int
    /// Module extent along its slow-scan (second to last) axis: columns in the image.
    public let ss: Int
    /// Module extent along its fast-scan (last) axis: rows in the image.
    public let fs: Int
    /// Assembled image rows.
    public let rows: Int
    /// Assembled image columns.
    public let columns: Int

    /// The layout of `detector`.
    public init(detector: Detector) {
        self.detector = detector
        switch detector {
        case .agipd: (modules, ss, fs, rows, columns) = (16, 512, 128, 1052, 1028)
        case .lpd: (modules, ss, fs, rows, columns) = (16, 256, 256, 1036, 1036)
        }
    }

    /// Row and column of the assembled image where module `module`'s element `[0, 0]` goes.
    public func origin(module m: Int) -> (row: Int, column: Int) {
        switch detector {
        case .agipd: ((m % 8) * 132, (m / 8) * 516)
        case .lpd: ((m / 4) * 260, (m % 4) * 260)
        }
    }

    /// Pulses-first module stacks `(…, modules, ss, fs)` as flat images `(…, rows, columns)`, gaps NaN.
    ///
    /// - Throws: ``OperatorError/shapeMismatch(expected:actual:)`` unless the last three axes
    ///   are `(modules, ss, fs)`.
    public func assemble(_ stack: DenseArray<Float>) throws(OperatorError) -> DenseArray<Float> {
        let tail = [modules, ss, fs]
        guard stack.rank >= 3, Array(stack.shape.suffix(3)) == tail else {
            throw OperatorError.shapeMismatch(expected: tail, actual: stack.shape)
        }
        let frames = stack.count / (modules * ss * fs)
        let pixels = rows * columns
        let (modules, ss, fs, columns) = (modules, ss, fs, columns)
        let origins = (0..<modules).map { origin(module: $0) }
        return try DenseArray<Float>(shape: Array(stack.shape.dropLast(3)) + [rows, columns]) { out in
            out.initialize(repeating: .nan)
            stack.withUnsafeBufferPointer { src in
                for f in 0..<frames {
                    for m in 0..<modules {
                        let (r0, c0) = origins[m]
                        let base = (f * modules + m) * ss * fs
                        // Tiles of 16 × 16 keep the transposed reads and writes in cache.
                        for b0 in stride(from: 0, to: ss, by: 16) {
                            for a0 in stride(from: 0, to: fs, by: 16) {
                                for a in a0..<min(a0 + 16, fs) {
                                    let to = f * pixels + (r0 + a) * columns + c0
                                    for b in b0..<min(b0 + 16, ss) {
                                        out[to + b] = src[base + b * fs + a]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `SimulatorAssembly(detector: detector).assemble(stack)`.
    public static func assemble(_ stack: DenseArray<Float>, detector: Detector) throws(OperatorError) -> DenseArray<Float> {
        try SimulatorAssembly(detector: detector).assemble(stack)
    }
}
