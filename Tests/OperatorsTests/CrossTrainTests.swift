import Foundation
import Operators
import Testing

/// Moving average, pump-probe, scan binning and correlation, against direct computations.
@Suite struct CrossTrainTests {
    /// Train t's array: quarter-integer values, so Double sums are exact and the running
    /// sum must equal a fresh sum exactly.
    static func array(_ t: Int, count: Int = 6) throws -> DenseArray<Float> {
        try DenseArray(shape: [2, count / 2], values: (0..<count).map { Float((t * 37 + $0 * 11) % 101) * 0.25 + Float(t % 3) * 1e5 })
    }

    @Test func movingAverageEqualsMeanOfWindow() throws {
        var avg = try MovingAverage<Float>(window: 4)
        var history: [DenseArray<Float>] = []
        for t in 0..<100 {  // long enough to pass the periodic recomputation (16 · window)
            let a = try Self.array(t)
            history.append(a)
            let got = avg.add(a)
            let window = history.suffix(4)
            let expected = (0..<6).map { i in Float(window.reduce(0.0) { $0 + Double($1.values[i]) } / Double(window.count)) }
            #expect(got.values == expected, "train \(t)")
            #expect(got.shape == [2, 3] && avg.count == min(t + 1, 4))
        }
    }

    @Test func movingAverageNaNLeavesWithItsTrain() throws {
        var avg = try MovingAverage<Float>(window: 2)
        _ = avg.add(try DenseArray(shape: [2], values: [1, 2]))
        let withNaN = avg.add(try DenseArray(shape: [2], values: [.nan, 4]))
        #expect(withNaN.values[0].isNaN && withNaN.values[1] == 3)
        let still = avg.add(try DenseArray(shape: [2], values: [5, 6]))
        #expect(still.values[0].isNaN && still.values[1] == 5)
        let clean = avg.add(try DenseArray(shape: [2], values: [7, 8]))
        #expect(clean.values == [6, 7])
        // Another shape restarts the average.
        let restarted = avg.add(try DenseArray(shape: [3], values: [1, 1, 1]))
        #expect(restarted.values == [1, 1, 1] && avg.count == 1)
        var scalar = try MovingAverage<Double>(window: 3)
        #expect([1.0, 2, 6, 10].map { scalar.add($0) } == [1, 1.5, 3, 6])
        #expect(throws: OperatorError.self) { try MovingAverage<Float>(window: 0) }
    }

    @Test func pumpProbeByTrainParity() throws {
        var pp = PumpProbe<Float>(mode: .trainParity(onEven: true))
        func frame(_ v: Float) throws -> DenseArray<Float> { try DenseArray(shape: [2], values: [v, 2 * v]) }
        #expect(try pp.add(frame(1), trainID: 101) == nil)  // odd first: no pending on train
        #expect(try pp.add(frame(5), trainID: 102) == nil)  // on
        let r = try #require(try pp.add(frame(2), trainID: 103))  // its off
        #expect(r.difference.values == [3, 6] && r.onTrainID == 102 && r.offTrainID == 103)
        #expect(try pp.add(frame(5), trainID: 104) == nil)
        #expect(try pp.add(frame(2), trainID: 107) == nil, "the off train of 104 was lost")
        var odd = PumpProbe<Float>(mode: .trainParity(onEven: false))
        #expect(try odd.add(frame(9), trainID: 7) == nil)
        #expect(try odd.add(frame(4), trainID: 8)?.difference.values == [5, 10])
    }

    @Test func pumpProbeByLaserFlag() throws {
        var pp = PumpProbe<Float>(mode: .laserFlag)
        func frame(_ v: Float) throws -> DenseArray<Float> { try DenseArray(shape: [1], values: [v]) }
        #expect(throws: OperatorError.self) { try pp.add(frame(1), trainID: 1) }
        #expect(try pp.add(frame(1), trainID: 1, laserOn: false) == nil)
        #expect(try pp.add(frame(3), trainID: 2, laserOn: false) == nil)  // replaces the pending off
        let r = try #require(try pp.add(frame(10), trainID: 3, laserOn: true))
        #expect(r.difference.values == [7] && r.onTrainID == 3 && r.offTrainID == 2)
        #expect(try pp.add(frame(10), trainID: 4, laserOn: true) == nil, "each train is used once")
        #expect(try pp.add(frame(4), trainID: 5, laserOn: false)?.difference.values == [6])
        #expect(try pp.add(frame(1), trainID: 6, laserOn: true) == nil)
        #expect(throws: OperatorError.self) { try pp.add(DenseArray(shape: [2], values: [1, 1]), trainID: 7, laserOn: false) }
    }

    @Test func pumpProbeByPulsePattern() throws {
        let train = try PulseTests.train(pulses: 6, rows: 2, columns: 3)
        var pp = PumpProbe<Float>(mode: .pulsePattern(on: .slice(start: 0, stop: nil, step: 2), off: .slice(start: 1, stop: nil, step: 2)))
        let r = try #require(try pp.add(train, trainID: 9))
        // on = mean of pulses 0, 2, 4; off = mean of 1, 3, 5: a difference of −1000 everywhere.
        #expect(r.difference.values == [Float](repeating: -1000, count: 6))
        #expect(r.on[[1, 2]] == 2000 + 12.25)
    }

    @Test func scanBinningMatchesDirectStatistics() throws {
        var binning = try ScanBinning(bins: 5, range: 0...10)
        var pairs: [(Double, Double)] = []
        for t in 0..<200 {
            let x = Double((t * 7919) % 1200) / 100 - 1  // −1 … 11: some outside the range
            let y = sin(Double(t)) * 10 + x
            pairs.append((x, y))
            binning.add(scan: x, value: y)
        }
        binning.add(scan: 3, value: .nan)
        for k in 0..<5 {
            let lo = Double(k) * 2, hi = lo + 2
            let ys = pairs.filter { $0.0 >= lo && ($0.0 < hi || (k == 4 && $0.0 <= hi)) }.map(\.1)
            #expect(binning.counts[k] == ys.count)
            let mean = ys.reduce(0, +) / Double(ys.count)
            let std = (ys.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(ys.count)).squareRoot()
            #expect(abs(binning.means[k] - mean) <= 1e-12 * abs(mean) + 1e-12)
            #expect(abs(binning.standardDeviations[k] - std) <= 1e-12 * std)
        }
        #expect(binning.centres == [1, 3, 5, 7, 9])
    }

    @Test func correlationCoefficient() throws {
        var c = try Correlation(capacity: 50)
        for i in 0..<80 { c.add(x: Double(i), y: 3 * Double(i) - 7) }
        #expect(c.pairs.count == 50 && c.pairs.first?.x == 30)
        #expect(abs(c.pearson - 1) < 1e-12)
        var d = try Correlation(capacity: 10)
        let xs: [Double] = [1, 2, 3, 4, 5, 6], ys: [Double] = [2, 1, 4, 3, 7, 5]
        for (x, y) in zip(xs, ys) { d.add(x: x, y: y) }
        d.add(x: .nan, y: 1)
        // r = cov / (σx σy) from raw sums, a different formula than the operator's two-pass one.
        let n = 6.0
        let sx = xs.reduce(0, +), sy = ys.reduce(0, +)
        let sxy = zip(xs, ys).reduce(0) { $0 + $1.0 * $1.1 }
        let sxx = xs.reduce(0) { $0 + $1 * $1 }, syy = ys.reduce(0) { $0 + $1 * $1 }
        let r = (n * sxy - sx * sy) / ((n * sxx - sx * sx) * (n * syy - sy * sy)).squareRoot()
        #expect(abs(d.pearson - r) < 1e-12)
        #expect(d.pairs.count == 6)
    }
}
