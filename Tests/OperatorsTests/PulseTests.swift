import ByteSlices
import KaraboBridge
import Operators
import Testing
import TestSupport

/// Pulse selection (against Python's own slice semantics), pulse mean, layouts, module stacking.
@Suite struct PulseTests {
    @Test func slicesFollowPython() async throws {
        let peer = try await PeerCases.load()
        let slices = try need(try peer.case("pulses/slices")["params"]?["slices"]?.array, "slices")
        #expect(slices.count > 40)
        for s in slices {
            let n = try need(s["pulses"]?.int, "pulses"), text = try need(s["text"]?.string, "text")
            let expected = try need(s["indices"]?.array?.compactMap(\.int), "indices")
            let selection = try PulseSelection(parsing: text)
            #expect(try selection.resolve(pulseCount: n) == expected, "\(text) of \(n) pulses")
        }
    }

    @Test func indexListsAndErrors() throws {
        #expect(try PulseSelection(parsing: "0, 2,-1").resolve(pulseCount: 5) == [0, 2, 4])
        #expect(try PulseSelection(parsing: "all").resolve(pulseCount: 3) == [0, 1, 2])
        #expect(throws: OperatorError.pulseOutOfRange(index: 5, pulseCount: 5)) {
            try PulseSelection.indices([5]).resolve(pulseCount: 5)
        }
        #expect(throws: OperatorError.self) { try PulseSelection(parsing: "1:2:0").resolve(pulseCount: 5) }
        #expect(throws: OperatorError.self) { try PulseSelection(parsing: "a:b") }
        #expect(throws: OperatorError.self) { try PulseSelection(parsing: "1:2:3:4") }
    }

    /// A train whose element (p, i, j) is a known function, so expectations are independent.
    static func train(pulses: Int, rows: Int, columns: Int) throws -> DenseArray<Float> {
        try DenseArray(shape: [pulses, rows, columns]) { out in
            for p in 0..<pulses { for i in 0..<rows { for j in 0..<columns {
                out[(p * rows + i) * columns + j] = Float(p * 1000 + i * 10 + j) + 0.25
            } } }
        }
    }

    @Test func selectingPulsesViewsOrCopies() throws {
        let t = try Self.train(pulses: 6, rows: 3, columns: 4)
        let run = try t.selectingPulses(.slice(start: 1, stop: 4, step: 1))
        #expect(run.shape == [3, 3, 4])
        #expect(run[[0, 2, 3]] == 1023.25 && run[[2, 0, 0]] == 3000.25)
        #expect(run.storage.storage === t.storage.storage, "a contiguous run is a view")
        let picked = try t.selectingPulses(.indices([5, 0]))
        #expect(picked.shape == [2, 3, 4] && picked[[0, 1, 1]] == 5011.25 && picked[[1, 1, 1]] == 11.25)
        #expect(picked.storage.storage !== t.storage.storage)
    }

    @Test func pulseMeanAveragesSelectedPulses() throws {
        let t = try Self.train(pulses: 7, rows: 5, columns: 3000)  // frames longer than one block
        let mean = try t.pulseMean(.slice(start: 1, stop: nil, step: 2))  // pulses 1, 3, 5
        #expect(mean.shape == [5, 3000])
        // mean over p ∈ {1, 3, 5} of p·1000 + c is 3000 + c.
        #expect(mean[[4, 2999]] == Float(3000 + 40 + 2999) + 0.25)
        #expect(mean[[0, 0]] == 3000.25)
        #expect(throws: OperatorError.self) { try t.pulseMean(.indices([])) }
    }

    @Test func pulseMeanNaNPolicies() throws {
        var values = [Float](repeating: 1, count: 3 * 4)
        values[0 * 4 + 1] = .nan  // pulse 0, element 1
        for e in 0..<4 { values[2 * 4 + e] = .nan }  // pulse 2 all NaN
        values[1 * 4 + 3] = 5
        let t = try DenseArray(shape: [3, 4], values: values)
        let propagate = try t.pulseMean()
        #expect(propagate.values.allSatisfy { $0.isNaN })
        let ignore = try t.pulseMean(nanPolicy: .ignore)
        #expect(ignore.values == [1, 1, 1, 3])
        let onlyNaN = try t.pulseMean(.indices([2]), nanPolicy: .ignore)
        #expect(onlyNaN.values.allSatisfy { $0.isNaN })
    }

    /// An online-layout array (modules, fs, ss, pulses) whose value encodes its indices.
    static func online(modules: Int, fs: Int, ss: Int, pulses: Int) -> NDArray {
        var values = [UInt16](repeating: 0, count: modules * fs * ss * pulses)
        for m in 0..<modules { for f in 0..<fs { for s in 0..<ss { for p in 0..<pulses {
            values[((m * fs + f) * ss + s) * pulses + p] = UInt16(m * 10000 + p * 1000 + s * 30 + f)
        } } } }
        let bytes = values.withUnsafeBytes { ByteSlice(copying: Array($0)) }
        return try! NDArray(dtype: .uint16, shape: [modules, fs, ss, pulses], data: bytes)
    }

    @Test func onlineLayoutIsReorderedPulsesFirst() throws {
        let a = Self.online(modules: 2, fs: 20, ss: 7, pulses: 5)
        let t = try DenseArray<Float>(pulsesFirst: a, layout: .online)
        #expect(t.shape == [5, 2, 7, 20])
        for (p, m, s, f) in [(0, 0, 0, 0), (4, 1, 6, 19), (2, 1, 3, 17), (3, 0, 5, 1)] {
            #expect(t[[p, m, s, f]] == Float(m * 10000 + p * 1000 + s * 30 + f))
        }
        // The existing per-pulse view of the protocol module agrees: pulse p, module m, (fs, ss).
        let pulse3 = try need(a.selecting(axis: 3, index: 3), "pulse 3")
        let view = try need(pulse3.doubles(), "values")
        #expect(view[(1 * 20 + 17) * 7 + 4] == Double(t[[3, 1, 4, 17]]))
        // File layout is taken as is.
        let file = try DenseArray<Float>(pulsesFirst: a, layout: .file)
        #expect(file.shape == a.shape)
        #expect(throws: OperatorError.self) {
            try DenseArray<Float>(pulsesFirst: try NDArray(dtype: .float32, shape: [4], data: ByteSlice(copying: [UInt8](repeating: 0, count: 16))), layout: .online)
        }
    }

    @Test func modulesStackWithNaNForMissingOnes() throws {
        func module(_ m: Int, layout: PulseLayout) -> NDArray {
            let one = Self.online(modules: 1, fs: 6, ss: 4, pulses: 3)
            let t = try! DenseArray<Float>(pulsesFirst: one, layout: .online)  // (3, 1, 4, 6)
            let shifted = t.values.map { $0 + Float(m) * 100_000 }
            switch layout {
            case .file:
                return try! DenseArray(shape: [3, 4, 6], values: shifted).ndarray
            case .online:
                // Back to (fs, ss, pulses).
                var v = [Float](repeating: 0, count: 72)
                for p in 0..<3 { for s in 0..<4 { for f in 0..<6 { v[(f * 4 + s) * 3 + p] = shifted[(p * 4 + s) * 6 + f] } } }
                return try! DenseArray(shape: [6, 4, 3], values: v).ndarray
            }
        }
        for layout in PulseLayout.allCases {
            let stack = try ModuleStacking.stack([0: module(0, layout: layout), 2: module(2, layout: layout)],
                                                 moduleCount: 4, layout: layout)
            #expect(stack.shape == [3, 4, 4, 6])
            #expect(stack[[2, 2, 3, 5]] == Float(200_000 + 2000 + 3 * 30 + 5))
            #expect(stack[[1, 0, 1, 2]] == Float(1000 + 30 + 2))
            #expect(stack[[0, 1, 0, 0]].isNaN && stack[[2, 3, 3, 5]].isNaN)
        }
        #expect(throws: OperatorError.self) { try ModuleStacking.stack([4: module(0, layout: .file)], moduleCount: 4, layout: .file) }
        let other = try DenseArray<Float>(shape: [3, 4, 5], repeating: 0).ndarray
        #expect(throws: OperatorError.self) {
            try ModuleStacking.stack([0: module(0, layout: .file), 1: other], moduleCount: 4, layout: .file)
        }
    }
}
