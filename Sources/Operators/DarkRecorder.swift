/// Records dark trains and averages them: the state of "record N trains of darks".
///
/// Every train (shape `[pulses, …]` pulses first, or a single frame) is added to a per-element
/// sum in Double, so the dark of pulse p is the mean of pulse p over the recorded trains (not
/// a mean over pulses). ``dark()`` rounds the mean to Float once. A value type: copy it, keep it
/// in an actor, or reset it; nothing is shared.
public struct DarkRecorder: Sendable {
    /// NaN handling of the average (EXtra-foam propagates NaN).
    public let nanPolicy: NaNPolicy
    /// Number of trains to record; `nil` records until ``dark()`` is taken.
    public let targetTrains: Int?
    /// Shape of the recorded trains (fixed by the first one).
    public private(set) var shape: [Int]?
    /// Number of trains added.
    public private(set) var trainCount = 0
    private var sum: [Double] = []
    private var valid: [UInt32] = []

    /// - Parameter trains: stop after this many trains (later ones are ignored).
    public init(trains: Int? = nil, nanPolicy: NaNPolicy = .propagate) throws(OperatorError) {
        if let trains, trains <= 0 { throw .invalidParameter(name: "trains", reason: "must be positive (got \(trains))") }
        self.targetTrains = trains
        self.nanPolicy = nanPolicy
    }

    /// Whether the target number of trains has been recorded.
    public var isComplete: Bool { targetTrains.map { trainCount >= $0 } ?? false }

    /// Adds one dark train; returns ``isComplete``. Trains beyond the target are ignored.
    /// - Throws: ``OperatorError/shapeMismatch(expected:actual:)`` when the shape differs from
    ///   the first train's (a detector reconfiguration: ``reset()`` and record again).
    @discardableResult
    @_specialize(where E == Float)
    @_specialize(where E == Double)
    public mutating func add<E: DenseElement>(_ train: DenseArray<E>) throws(OperatorError) -> Bool {
        if isComplete { return true }
        if let shape {
            guard shape == train.shape else { throw .shapeMismatch(expected: shape, actual: train.shape) }
        } else {
            shape = train.shape
            sum = [Double](repeating: 0, count: train.count)
            if nanPolicy == .ignore { valid = [UInt32](repeating: 0, count: train.count) }
        }
        let policy = nanPolicy
        train.withUnsafeBufferPointer { x in
            sum.withUnsafeMutableBufferPointer { s in
                switch policy {
                case .propagate:
                    if Specialize.isFloat(E.self), x.count > 0 {
                        let x = Specialize.cast(x, to: UnsafeBufferPointer<Float>.self)
                        VectorKernels.accumulate(x.baseAddress!, into: s.baseAddress!, count: x.count)
                    } else {
                        for i in 0..<x.count { s[i] += x[i].double }
                    }
                case .ignore:
                    valid.withUnsafeMutableBufferPointer { n in
                        for i in 0..<x.count where !x[i].isNaN {
                            s[i] += x[i].double
                            n[i] += 1
                        }
                    }
                }
            }
        }
        trainCount += 1
        return isComplete
    }

    /// The dark so far: the per-element mean of the recorded trains, rounded to Float.
    /// - Throws: ``OperatorError/noData(_:)`` before the first train.
    public func dark() throws(OperatorError) -> DarkReference {
        guard let shape, trainCount > 0 else { throw .noData("no dark train has been recorded") }
        let n = Double(trainCount)
        let mean = DenseArray<Float>(uncheckedShape: shape) { out in
            switch nanPolicy {
            case .propagate:
                for i in 0..<out.count { out[i] = Float(sum[i] / n) }
            case .ignore:
                for i in 0..<out.count { out[i] = valid[i] == 0 ? .nan : Float(sum[i] / Double(valid[i])) }
            }
        }
        return DarkReference(mean: mean, trainCount: trainCount, nanPolicy: nanPolicy)
    }

    /// Forgets every recorded train.
    public mutating func reset() {
        shape = nil
        trainCount = 0
        sum = []
        valid = []
    }
}
