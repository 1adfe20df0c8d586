extension DenseArray {
    /// The pixels of `roi` in the image axes (the last two), clipped to the image: shape
    /// `[…, h', w']`. `nil` when the clipped ROI is empty. Copies the ROI's elements.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public func cropped(to roi: RegionOfInterest) throws(OperatorError) -> DenseArray? {
        let (rows, columns) = try imageShape()
        guard let r = roi.clipped(rows: rows, columns: columns) else { return nil }
        let frames = rows * columns == 0 ? 0 : count / (rows * columns)
        var shape = self.shape
        shape[rank - 2] = r.height
        shape[rank - 1] = r.width
        return withUnsafeBufferPointer { src in
            DenseArray(uncheckedShape: shape) { out in
                var o = 0
                for f in 0..<frames {
                    for i in r.y..<(r.y + r.height) {
                        let start = f * rows * columns + i * columns + r.x
                        for j in 0..<r.width { out[o + j] = src[start + j] }
                        o += r.width
                    }
                }
            }
        }
    }

    /// Runs `body` on the rows of a clipped ROI of a 2-D image: each call gets one ROI row.
    func forEachROIRow(_ roi: RegionOfInterest?, _ body: (UnsafeBufferPointer<Element>) -> Void)
        throws(OperatorError) -> RegionOfInterest?
    {
        guard rank == 2 else { throw .rankMismatch(expected: "a 2-D image (rows, columns)", shape: shape) }
        let rows = shape[0], columns = shape[1]
        guard let r = (roi ?? .full(rows: rows, columns: columns)).clipped(rows: rows, columns: columns) else { return nil }
        withUnsafeBufferPointer { src in
            for i in r.y..<(r.y + r.height) {
                body(UnsafeBufferPointer(rebasing: src[(i * columns + r.x)..<(i * columns + r.x + r.width)]))
            }
        }
        return r
    }
}
