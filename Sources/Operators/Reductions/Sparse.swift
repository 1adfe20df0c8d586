/// An image as a COO list (smalldata_tools' `sparsifyFunc`): the nonzero, non-NaN elements in
/// row-major order. With a cap N the list has exactly N entries: longer lists are truncated,
/// shorter ones zero-padded (`count` tells the real length).
public struct SparseImage: Sendable, Equatable {
    public var rows: [Int32], columns: [Int32], values: [Float]
    /// Entries before truncation / padding.
    public var count: Int

    public init(_ frame: DenseArray<Float>, cap: Int? = nil) throws(OperatorError) {
        let (h, w) = try frame.imageShape()
        if let cap, cap < 0 { throw .invalidParameter(name: "cap", reason: "must be ≥ 0 (got \(cap))") }
        guard h <= Int(Int32.max), w <= Int(Int32.max) else { throw .invalidParameter(name: "image", reason: "too large") }
        var rows: [Int32] = [], columns: [Int32] = [], values: [Float] = []
        var count = 0
        frame.withUnsafeBufferPointer { v in
            for p in 0..<v.count where v[p] != 0 && !v[p].isNaN {
                count += 1
                if let cap, rows.count >= cap { continue }
                rows.append(Int32(p / w))
                columns.append(Int32(p % w))
                values.append(v[p])
            }
        }
        if let cap, rows.count < cap {
            let pad = cap - rows.count
            rows += Array(repeating: 0, count: pad)
            columns += Array(repeating: 0, count: pad)
            values += Array(repeating: 0, count: pad)
        }
        self.rows = rows
        self.columns = columns
        self.values = values
        self.count = count
    }
}
