/// Binned aggregation across trains (smalldata_tools' cube, EXtra-foam's mean ± σ per scan step):
/// per bin of a scan variable `x` (and optionally `y`) and per state of an optional filter, the
/// count of trains and the element-wise mean and population standard deviation of a value
/// (a number or an array of a fixed shape), in double precision.
///
/// Statistics use Welford's update per element, so long runs stay accurate. A NaN element
/// makes that element's mean and σ NaN (numpy); empty bins are NaN with count 0.
public struct Cube: Sendable {
    /// One bin's running statistics.
    struct Bin: Sendable {
        var count = 0
        var mean: [Double]
        var m2: [Double]

        init(elements: Int) {
            mean = []
            m2 = []
            mean.reserveCapacity(elements)
        }
    }

    /// Bins of `x`.
    public private(set) var x: CubeBins
    /// Bins of `y`, if the cube is 2-D.
    public let y: CubeBins?
    /// States (1, or 2 for a cube split by a filter: 0 rejected, 1 passed).
    public let states: Int
    /// The value's shape (`[]` for numbers); fixed by the first value.
    public private(set) var valueShape: [Int]?
    /// First and last train binned.
    public private(set) var firstTrain: UInt64?, lastTrain: UInt64?
    /// Bins in order (state, x, y), created when first filled.
    var bins: [Bin?]

    public init(x: CubeBins, y: CubeBins? = nil, states: Int = 1) {
        self.x = x
        self.y = y
        self.states = max(1, states)
        bins = [Bin?](repeating: nil, count: self.states * x.count * (y?.count ?? 1))
    }

    var ny: Int { y?.count ?? 1 }
    /// Elements per value.
    public var elements: Int { valueShape?.reduce(1, *) ?? 1 }

    /// Adds one train's value; returns false when it was not binned (x or y outside the bins or
    /// NaN, a NaN number). Throws when the value's shape differs from the first one's.
    @discardableResult
    public mutating func add(_ values: UnsafeBufferPointer<Double>, shape: [Int], x xv: Double, y yv: Double? = nil,
                             state: Int = 0, train: UInt64 = 0) throws(OperatorError) -> Bool {
        if let s = valueShape, s != shape { throw .shapeMismatch(expected: s, actual: shape) }
        guard values.count == shape.reduce(1, *) else { throw .shapeMismatch(expected: shape, actual: [values.count]) }
        guard (0..<states).contains(state) else { throw .invalidParameter(name: "state", reason: "state \(state) of \(states)") }
        if shape.isEmpty, values[0].isNaN { return false }
        var iy = 0
        if let yb = y {
            guard let yv, let k = yb.index(of: yv) else { return false }
            iy = k
        }
        guard let (ix, inserted) = x.bin(xv) else { return false }
        if inserted {
            // A new step: insert an empty column of bins for every state.
            for s in stride(from: states - 1, through: 0, by: -1) {
                bins.insert(contentsOf: [Bin?](repeating: nil, count: ny), at: (s * (x.count - 1) + ix) * ny)
            }
        }
        valueShape = shape
        let b = (state * x.count + ix) * ny + iy
        var bin = bins[b] ?? Bin(elements: values.count)
        bins[b] = nil
        bin.count += 1
        if bin.count == 1 {
            bin.mean = Array(values)
            bin.m2 = [Double](repeating: 0, count: values.count)
        } else {
            let inv = 1 / Double(bin.count)
            bin.mean.withUnsafeMutableBufferPointer { mean in
                bin.m2.withUnsafeMutableBufferPointer { m2 in
                    for i in 0..<values.count {
                        let v = values[i]
                        let d = v - mean[i]
                        mean[i] += d * inv
                        m2[i] += d * (v - mean[i])
                    }
                }
            }
        }
        bins[b] = bin
        if firstTrain == nil { firstTrain = train }
        lastTrain = train
        return true
    }

    /// Adds a number.
    @discardableResult
    public mutating func add(_ value: Double, x: Double, y: Double? = nil, state: Int = 0, train: UInt64 = 0) throws(OperatorError) -> Bool {
        try [value].withUnsafeBufferPointer { (p) throws(OperatorError) -> Bool in try add(p, shape: [], x: x, y: y, state: state, train: train) }
    }

    /// The shape of the published statistics: `[states?] + [x] + [y?] + value shape` (states only when split).
    public var shape: [Int] { (states > 1 ? [states] : []) + [x.count] + (y.map { [$0.count] } ?? []) + (valueShape ?? []) }

    /// Trains per bin, shape `[states?] + [x] + [y?]`.
    public var counts: [Int] { bins.map { $0?.count ?? 0 } }

    /// Means, C order in ``shape`` (NaN in empty bins).
    public var means: [Double] { flatten { bin, i in bin.mean[i] } }

    /// Population standard deviations (ddof 0), C order in ``shape`` (NaN in empty bins).
    public var standardDeviations: [Double] {
        flatten { bin, i in bin.count > 0 ? (max(0, bin.m2[i]) / Double(bin.count)).squareRoot() : .nan }
    }

    func flatten(_ element: (Bin, Int) -> Double) -> [Double] {
        let n = elements
        var out = [Double](repeating: .nan, count: bins.count * n)
        for (b, bin) in bins.enumerated() {
            guard let bin, bin.count > 0 else { continue }
            for i in 0..<n { out[b * n + i] = element(bin, i) }
        }
        return out
    }

    /// Empties every bin (step bins are forgotten too).
    public mutating func reset() {
        if x.edges == nil { x = CubeBins(stepsWithTolerance: x.tolerance) }
        bins = [Bin?](repeating: nil, count: states * x.count * ny)
        valueShape = nil
        firstTrain = nil
        lastTrain = nil
    }
}
