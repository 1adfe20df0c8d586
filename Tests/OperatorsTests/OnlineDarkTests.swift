import KaraboBridge
import Operators
import Testing

/// Online (pulses last) data reordered pulses first, with and without the dark subtracted in
/// the same pass: element by element against the index formula and the two-pass result.
@Suite struct OnlineDarkTests {
    /// `(modules, fs, ss, pulses)` with element (m, f, s, p) a known function of its index.
    static func online(modules: Int, fs: Int, ss: Int, pulses: Int) throws -> DenseArray<Float> {
        try DenseArray(shape: [modules, fs, ss, pulses]) { out in
            var i = 0
            for m in 0..<modules { for f in 0..<fs { for s in 0..<ss { for p in 0..<pulses {
                out[i] = Float(((m * fs + f) * ss + s) * pulses + p) * 0.5 + 3
                i += 1
            } } } }
        }
    }

    // fs = 45: a whole tile of 32 and a partial one.
    static let (modules, fs, ss, pulses) = (3, 45, 5, 7)

    @Test func reorderingFollowsTheIndexFormula() throws {
        let raw = try Self.online(modules: Self.modules, fs: Self.fs, ss: Self.ss, pulses: Self.pulses)
        let first = try DenseArray<Float>(pulsesFirst: raw.ndarray, layout: .online)
        #expect(first.shape == [Self.pulses, Self.modules, Self.ss, Self.fs])
        var wrong = 0
        for m in 0..<Self.modules { for f in 0..<Self.fs { for s in 0..<Self.ss { for p in 0..<Self.pulses {
            if first[[p, m, s, f]] != raw[[m, f, s, p]] { wrong += 1 }
        } } } }
        #expect(wrong == 0)
    }

    @Test func fusedSubtractionEqualsTwoPasses() throws {
        let raw = try Self.online(modules: Self.modules, fs: Self.fs, ss: Self.ss, pulses: Self.pulses)
        let frame = Self.modules * Self.ss * Self.fs
        let perPulse = try DenseArray<Float>(shape: [Self.pulses, Self.modules, Self.ss, Self.fs]) { out in
            for i in 0..<out.count { out[i] = i % 13 == 0 ? .nan : Float(i % 101) * 0.37 - 11 }
        }
        let oneFrame = try DenseArray<Float>(shape: [Self.modules, Self.ss, Self.fs]) { out in
            for i in 0..<frame { out[i] = Float(i % 17) * 1.25 }
        }
        for mean in [perPulse, oneFrame] {
            let dark = DarkReference(mean: mean, trainCount: 1, nanPolicy: .propagate)
            let fused = try dark.subtract(pulsesFirst: raw.ndarray, layout: .online)
            let twoPasses = try dark.subtract(from: try DenseArray<Float>(pulsesFirst: raw.ndarray, layout: .online))
            #expect(fused == twoPasses, "dark of shape \(mean.shape)")
            #expect(fused.values.filter(\.isNaN).count == (mean.rank == 4 ? mean.values.filter(\.isNaN).count : 0))
        }
        // File layout: the plain subtraction.
        let file = try DenseArray<Float>(pulsesFirst: raw.ndarray, layout: .online)
        let dark = DarkReference(mean: perPulse, trainCount: 1, nanPolicy: .propagate)
        #expect(try dark.subtract(pulsesFirst: file.ndarray, layout: .file) == (try dark.subtract(from: file)))
        // A dark of another shape is refused.
        let other = DarkReference(mean: try DenseArray<Float>(shape: [2, 2], repeating: 0), trainCount: 1, nanPolicy: .propagate)
        #expect(throws: OperatorError.self) { try other.subtract(pulsesFirst: raw.ndarray, layout: .online) }
    }
}

/// Results written into recycled buffers: a buffer is reused only once no array views it.
@Suite struct BufferRecyclerTests {
    static func address(_ a: DenseArray<Float>) -> UInt {
        a.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
    }

    @Test func reusesOnlyReleasedBuffers() throws {
        let recycler = BufferRecycler(capacity: 1)
        let dark = DarkReference(mean: try DenseArray<Float>(shape: [3, 5, 9], repeating: 1), trainCount: 1, nanPolicy: .propagate)
        func train(_ value: Float) throws -> DenseArray<Float> { try DenseArray(shape: [3, 9, 5, 2], repeating: value) }
        var first: DenseArray<Float>? = try dark.subtract(pulsesFirst: try train(10).ndarray, layout: .online, recycler: recycler)
        let firstAddress = Self.address(first!)
        // Still referenced: the next result goes elsewhere and the first is untouched.
        let second = try dark.subtract(pulsesFirst: try train(20).ndarray, layout: .online, recycler: recycler)
        #expect(Self.address(second) != firstAddress)
        #expect(first!.values.allSatisfy { $0 == 9 } && second.values.allSatisfy { $0 == 19 })
        // Released: its buffer is written again.
        first = nil
        let third = try dark.subtract(pulsesFirst: try train(30).ndarray, layout: .online, recycler: recycler)
        #expect(Self.address(third) == firstAddress)
        #expect(third.values.allSatisfy { $0 == 29 } && second.values.allSatisfy { $0 == 19 })
        #expect(third.shape == [2, 3, 5, 9])
    }
}
