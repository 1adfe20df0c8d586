import KaraboBridge
import Operators

/// The pulses a per-pulse filter lets through, and where the pulse axis is in the arrays it selects.
struct PulseMask: Sendable {
    /// Indices of the passing pulses, ascending.
    var passing: [Int]
    /// The pulse count the mask was made for.
    var count: Int
    /// Pulses first (`file`) or last (`online`).
    var layout: PulseLayout

    /// A mask from a filter's per-pulse values (nonzero passes).
    init(_ values: [Double], layout: PulseLayout) {
        passing = values.indices.filter { values[$0] != 0 && !values[$0].isNaN }
        count = values.count
        self.layout = layout
    }

    /// Both masks (pulses passing both); nil when their lengths differ.
    func intersecting(_ other: PulseMask) -> PulseMask? {
        guard other.count == count else { return nil }
        let keep = Set(other.passing)
        var m = self
        m.passing = passing.filter(keep.contains)
        return m
    }

    /// `value` with the passing pulses kept when its pulse axis has this mask's length; otherwise unchanged.
    func select(_ value: ViewValue) throws(OperatorError) -> ViewValue {
        switch value {
        case let .vector(a, x, v) where a.shape.first == count:
            let xs = x.values.map { values in passing.map { values[$0] } }
            return .vector(try select(a, axis: 0), x: Axis(values: xs, label: x.label, unit: x.unit), value: v)
        case let .image(a, x, y) where a.rank == 2:
            let axis = layout == .file ? 0 : 1
            guard a.shape[axis] == count else { return value }
            let selected = try select(a, axis: axis)
            func picked(_ axis: Axis) -> Axis { Axis(values: axis.values.map { values in passing.map { values[$0] } }, label: axis.label, unit: axis.unit) }
            return axis == 0 ? .image(selected, x: x, y: picked(y)) : .image(selected, x: picked(x), y: y)
        case let .array(a) where a.rank >= 1:
            let axis = layout == .file ? 0 : a.rank - 1
            guard a.shape[axis] == count else { return value }
            return .array(try select(a, axis: axis))
        default:
            return value
        }
    }

    /// The passing indices along `axis` (float32 stays float32, other dtypes become float64).
    func select(_ a: NDArray, axis: Int) throws(OperatorError) -> NDArray {
        if a.dtype == .float32 { return try gather(try DenseArray<Float>(a), axis: axis).ndarray }
        return try gather(try DenseArray<Double>(a), axis: axis).ndarray
    }

    private func gather<E: DenseElement>(_ a: DenseArray<E>, axis: Int) throws(OperatorError) -> DenseArray<E> {
        let outer = a.shape[..<axis].reduce(1, *), n = a.shape[axis], inner = a.shape[(axis + 1)...].reduce(1, *)
        var shape = a.shape
        shape[axis] = passing.count
        let keep = passing
        return try a.withUnsafeBufferPointer { (src) throws(OperatorError) -> DenseArray<E> in
            try DenseArray<E>(shape: shape) { out in
                var o = 0
                for i in 0..<outer {
                    for p in keep {
                        let base = (i * n + p) * inner
                        for j in 0..<inner { out[o + j] = src[base + j] }
                        o += inner
                    }
                }
            }
        }
    }
}
