/// A float64 array in C order (rank 0 for a number): the values expressions compute on.
public struct ExpressionArray: Sendable, Equatable {
    /// The shape (`[]` for a number).
    public var shape: [Int]
    /// The elements, C order.
    public var values: [Double]

    /// An array of `shape`; `values.count` must be the product of `shape`.
    public init(shape: [Int], values: [Double]) throws(ExpressionError) {
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == values.count else {
            throw ExpressionError("an array of shape \(shape) cannot hold \(values.count) values")
        }
        self.shape = shape
        self.values = values
    }

    /// A number.
    public init(_ value: Double) {
        shape = []
        values = [value]
    }

    /// The numpy broadcast shape of two shapes.
    static func broadcast(_ a: [Int], _ b: [Int]) throws(ExpressionError) -> [Int] {
        let n = max(a.count, b.count)
        var out = [Int](repeating: 1, count: n)
        for i in 0..<n {
            let da = i < n - a.count ? 1 : a[i - (n - a.count)]
            let db = i < n - b.count ? 1 : b[i - (n - b.count)]
            guard da == db || da == 1 || db == 1 else {
                throw ExpressionError("shapes \(a) and \(b) cannot be broadcast together")
            }
            out[i] = da == 1 ? db : da
        }
        return out
    }

    /// Element offsets into an array of `shape` for each element of the broadcast shape `target`.
    static func offsets(_ shape: [Int], into target: [Int]) -> [Int] {
        let n = target.count
        let padded = [Int](repeating: 1, count: n - shape.count) + shape
        var strides = [Int](repeating: 0, count: n)
        var s = 1
        for i in stride(from: n - 1, through: 0, by: -1) {
            strides[i] = padded[i] == 1 ? 0 : s
            s *= padded[i]
        }
        let total = target.reduce(1, *)
        var out = [Int](repeating: 0, count: total)
        var index = [Int](repeating: 0, count: n)
        var offset = 0
        for k in 0..<total {
            out[k] = offset
            var d = n - 1
            while d >= 0 {
                index[d] += 1
                offset += strides[d]
                if index[d] < target[d] { break }
                offset -= strides[d] * index[d]
                index[d] = 0
                d -= 1
            }
        }
        return out
    }

    /// `op` element-wise with numpy broadcasting.
    static func combine(_ a: ExpressionArray, _ b: ExpressionArray, _ op: (Double, Double) -> Double) throws(ExpressionError) -> ExpressionArray {
        if a.shape == b.shape {
            var out = a.values
            b.values.withUnsafeBufferPointer { bv in
                for i in out.indices { out[i] = op(out[i], bv[i]) }
            }
            return ExpressionArray(unchecked: a.shape, out)
        }
        if b.values.count == 1, b.shape.count <= a.shape.count {
            let y = b.values[0]
            return ExpressionArray(unchecked: a.shape.count >= b.shape.count ? a.shape : b.shape, a.values.map { op($0, y) })
        }
        if a.values.count == 1, a.shape.count <= b.shape.count {
            let x = a.values[0]
            return ExpressionArray(unchecked: b.shape, b.values.map { op(x, $0) })
        }
        let shape = try broadcast(a.shape, b.shape)
        let oa = offsets(a.shape, into: shape), ob = offsets(b.shape, into: shape)
        var out = [Double](repeating: 0, count: oa.count)
        for k in out.indices { out[k] = op(a.values[oa[k]], b.values[ob[k]]) }
        return ExpressionArray(unchecked: shape, out)
    }

    init(unchecked shape: [Int], _ values: [Double]) {
        self.shape = shape
        self.values = values
    }
}
