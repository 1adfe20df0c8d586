/// The mean of the last `window` arrays of a stream (one per train): the state of a
/// "moving average over N trains".
///
/// Sums are kept in Double and updated in O(size) per train (add the new array, subtract the
/// one leaving the window); they are recomputed from the window every `16 · window` trains so
/// that rounding cannot drift. A NaN or infinite element makes the average NaN for as long as
/// it is inside the window. A value type: each copy is an independent state.
public struct MovingAverage<Element: DenseElement>: Sendable {
    /// Number of trains averaged.
    public let window: Int
    /// Shape of the arrays in the window.
    public private(set) var shape: [Int]?
    private var ring: [DenseArray<Element>] = []
    private var next = 0
    private var sum: [Double] = []
    private var nonFinite: [Int32] = []
    private var updatesSinceRecompute = 0

    public init(window: Int) throws(OperatorError) {
        guard window > 0 else { throw .invalidParameter(name: "window", reason: "must be positive (got \(window))") }
        self.window = window
    }

    /// Number of arrays currently averaged (up to ``window``).
    public var count: Int { ring.count }

    /// Adds one train's array and returns the mean of the last ``window`` arrays (fewer while
    /// the window fills). An array of another shape restarts the average from it (the
    /// detector or the operator upstream was reconfigured).
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public mutating func add(_ array: DenseArray<Element>) -> DenseArray<Element> {
        let array = array.compacted()
        if shape != array.shape { reset(); shape = array.shape }
        if sum.isEmpty && array.count > 0 {
            sum = [Double](repeating: 0, count: array.count)
            nonFinite = [Int32](repeating: 0, count: array.count)
        }
        if ring.count < window {
            ring.append(array)
            include(array, sign: 1)
        } else {
            include(ring[next], sign: -1)
            ring[next] = array
            include(array, sign: 1)
            next = (next + 1) % window
            updatesSinceRecompute += 1
            if updatesSinceRecompute >= 16 * window { recompute() }
        }
        return average()
    }

    /// The current mean, or `nil` before the first array.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public func current() -> DenseArray<Element>? { ring.isEmpty ? nil : average() }

    /// Forgets every array.
    public mutating func reset() {
        shape = nil
        ring = []
        next = 0
        sum = []
        nonFinite = []
        updatesSinceRecompute = 0
    }

    private mutating func include(_ array: DenseArray<Element>, sign: Double) {
        let step: Int32 = sign > 0 ? 1 : -1
        array.withUnsafeBufferPointer { x in
            sum.withUnsafeMutableBufferPointer { s in
                nonFinite.withUnsafeMutableBufferPointer { bad in
                    for i in 0..<x.count {
                        let v = x[i].double
                        if v.isFinite { s[i] += sign * v } else { bad[i] += step }
                    }
                }
            }
        }
    }

    private mutating func recompute() {
        for i in sum.indices { sum[i] = 0; nonFinite[i] = 0 }
        for array in ring { include(array, sign: 1) }
        updatesSinceRecompute = 0
    }

    private func average() -> DenseArray<Element> {
        let n = Double(ring.count)
        return DenseArray(uncheckedShape: shape ?? []) { out in
            for i in 0..<out.count { out[i] = nonFinite[i] > 0 ? .nan : Element(rounding: sum[i] / n) }
        }
    }
}

extension MovingAverage {
    /// Adds one scalar (a rank-0 array) and returns the mean of the last ``window`` scalars.
    public mutating func add(_ value: Element) -> Element {
        let scalar = DenseArray<Element>(uncheckedShape: []) { $0[0] = value }
        return add(scalar).withUnsafeBufferPointer { $0[0] }
    }
}

extension DenseArray {
    /// The same elements in storage of their own: a view into a larger buffer (e.g. one key of
    /// a received train) is copied, so that keeping it does not keep the whole buffer alive.
    public func compacted() -> DenseArray {
        let whole = storage.storage.storageBytes.count
        guard storage.count < whole else { return self }
        return withUnsafeBufferPointer { src in
            DenseArray(uncheckedShape: shape) { out in _ = out.initialize(fromContentsOf: src) }
        }
    }
}
