import Operators
import Testing

/// Module assembly against the placement docs/simulator.md §4.3 states (written out here
/// independently of the implementation): every element lands where the formula says, the rest is NaN.
@Suite struct AssemblyTests {
    /// A stack `(frames, 16, ss, fs)` whose element (f, m, b, a) encodes its own index exactly.
    static func stack(frames: Int, ss: Int, fs: Int) throws -> DenseArray<Float> {
        try DenseArray(shape: [frames, 16, ss, fs]) { out in
            var i = 0
            for f in 0..<frames { for m in 0..<16 { for b in 0..<ss { for a in 0..<fs {
                out[i] = Float((f * 16 + m) * ss * fs + b * fs + a)
                i += 1
            } } } }
        }
    }

    static func check(_ detector: SimulatorAssembly.Detector, ss: Int, fs: Int, rows: Int, columns: Int,
                      place: (_ m: Int, _ a: Int, _ b: Int) -> (Int, Int)) throws {
        let frames = 2
        let image = try SimulatorAssembly.assemble(try stack(frames: frames, ss: ss, fs: fs), detector: detector)
        #expect(image.shape == [frames, rows, columns])
        let values = image.values
        var placed = [Bool](repeating: false, count: values.count)
        var wrong = 0
        for f in 0..<frames { for m in 0..<16 { for b in 0..<ss { for a in 0..<fs {
            let (r, c) = place(m, a, b)
            let at = (f * rows + r) * columns + c
            if values[at] != Float((f * 16 + m) * ss * fs + b * fs + a) { wrong += 1 }
            placed[at] = true
        } } } }
        #expect(wrong == 0)
        let gaps = zip(values, placed).filter { !$1 }
        #expect(gaps.count == frames * (rows * columns - 16 * ss * fs))
        #expect(gaps.allSatisfy { $0.0.isNaN })
    }

    @Test func agipdPlacesModulesAsDocumented() throws {
        try Self.check(.agipd, ss: 512, fs: 128, rows: 1052, columns: 1028) { m, a, b in ((m % 8) * 132 + a, (m / 8) * 516 + b) }
    }

    @Test func lpdPlacesModulesAsDocumented() throws {
        try Self.check(.lpd, ss: 256, fs: 256, rows: 1036, columns: 1036) { m, a, b in ((m / 4) * 260 + a, (m % 4) * 260 + b) }
    }

    @Test func singleStackGivesOneImage() throws {
        let one = try Self.stack(frames: 1, ss: 512, fs: 128)
        let frame = try one.frame(0)
        let assembly = SimulatorAssembly(detector: .agipd)
        let image = try assembly.assemble(frame)
        #expect(image.shape == [1052, 1028])
        #expect(image == (try assembly.assemble(one).reshaped([1052, 1028])))   // bitwise, NaN gaps included
        #expect(assembly.origin(module: 9) == (row: 132, column: 516))
    }

    @Test func wrongModuleShapeThrows() throws {
        let lpdStack = try DenseArray<Float>(shape: [16, 256, 256], repeating: 1)
        #expect(throws: OperatorError.shapeMismatch(expected: [16, 512, 128], actual: [16, 256, 256])) {
            try SimulatorAssembly.assemble(lpdStack, detector: .agipd)
        }
        #expect(throws: OperatorError.self) { try SimulatorAssembly.assemble(try DenseArray<Float>(shape: [512, 128], repeating: 1), detector: .agipd) }
    }
}
