import KaraboBridge

/// Assembling multi-module detectors (AGIPD, LPD, DSSC, JUNGFRAU) whose modules arrive as
/// separate sources into one pulses-first stack `(pulses, modules, ss, fs)`, as
/// `extra_data.stack_detector_data` does.
public enum ModuleStacking {
    /// Stacks per-module arrays; `modules` maps a module index (0 ..< `moduleCount`) to that
    /// module's array in the named `layout` (`.file`: `(pulses, ss, fs)`; `.online`:
    /// `(fs, ss, pulses)`). Modules that are absent are filled with NaN. Always copies.
    ///
    /// - Throws: ``OperatorError/invalidParameter(name:reason:)`` for a module index outside
    ///   0 ..< moduleCount or no module at all; ``OperatorError/shapeMismatch(expected:actual:)``
    ///   when modules disagree on `(pulses, ss, fs)`.
    public static func stack(_ modules: [Int: NDArray], moduleCount: Int, layout: PulseLayout)
        throws(OperatorError) -> DenseArray<Float>
    {
        guard moduleCount > 0 else { throw .invalidParameter(name: "moduleCount", reason: "must be positive") }
        var frames: [Int: DenseArray<Float>] = [:]
        var moduleShape: [Int]?
        for (index, array) in modules.sorted(by: { $0.key < $1.key }) {
            guard index >= 0 && index < moduleCount else {
                throw .invalidParameter(name: "modules", reason: "module \(index) is outside 0..<\(moduleCount)")
            }
            let frame = try DenseArray<Float>(pulsesFirst: array, layout: layout)
            guard frame.rank == 3 else {
                throw .rankMismatch(expected: "a module array (pulses, ss, fs) after reordering", shape: frame.shape)
            }
            if let moduleShape, moduleShape != frame.shape {
                throw .shapeMismatch(expected: moduleShape, actual: frame.shape)
            }
            moduleShape = frame.shape
            frames[index] = frame
        }
        guard let moduleShape else { throw .invalidParameter(name: "modules", reason: "no module to stack") }
        let pulses = moduleShape[0], image = moduleShape[1] * moduleShape[2]
        return DenseArray(uncheckedShape: [pulses, moduleCount, moduleShape[1], moduleShape[2]]) { out in
            for m in 0..<moduleCount {
                guard let frame = frames[m] else {
                    for p in 0..<pulses {
                        UnsafeMutableBufferPointer(rebasing: out[((p * moduleCount + m) * image)..<((p * moduleCount + m + 1) * image)])
                            .initialize(repeating: .nan)
                    }
                    continue
                }
                frame.withUnsafeBufferPointer { src in
                    for p in 0..<pulses {
                        let dst = (p * moduleCount + m) * image
                        _ = UnsafeMutableBufferPointer(rebasing: out[dst..<(dst + image)])
                            .initialize(fromContentsOf: src[(p * image)..<((p + 1) * image)])
                    }
                }
            }
        }
    }
}
