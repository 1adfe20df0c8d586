/// A CSR matrix from pixels to radial bins: row `b` lists the pixels (and their weights) that
/// feed bin `b`. Built once per geometry, mask and binning; read by every frame.
struct SparseTable: Sendable {
    /// Number of rows (bins).
    let bins: Int
    /// Row `b` holds entries `rowStart[b] ..< rowStart[b + 1]`.
    let rowStart: [Int]
    /// Flat pixel index of every entry, increasing within a row.
    let pixel: [Int32]
    /// Weight of every entry (pyFAI stores float32); `nil` when every weight is 1 (no splitting).
    let coefficient: [Float]?
    /// weight · norm of every entry, float32 as pyFAI computes it; read only for invalid pixels.
    let entryNorm: [Float]
    /// Σ weight · norm per row over all entries.
    let totalNorm: [Double]
    /// Σ weight per row over all entries.
    let totalCount: [Double]

    /// Number of entries.
    var entries: Int { pixel.count }
}
