extension GaussianFilter {
    /// The smoothed image inside `roi`: the same values as smoothing the whole image and then
    /// cropping (pixels outside the ROI contribute; the reflection happens at the image border
    /// only), computed on the ROI plus a halo of ``radius`` pixels.
    ///
    /// This is the monitor's "smooth then ROI" order. Cropping first and smoothing the crop
    /// (`apply(to: image.cropped(to: roi)!)`) instead reflects at the ROI border and differs
    /// near it. `nil` when the clipped ROI is empty.
    @_specialize(where E == Float)
    @_specialize(where E == Double)
    public func apply<E: DenseElement>(to image: DenseArray<E>, in roi: RegionOfInterest) throws(OperatorError) -> DenseArray<E>? {
        let (rows, columns) = try image.imageShape()
        guard let r = roi.clipped(rows: rows, columns: columns) else { return nil }
        let haloRequest = RegionOfInterest(x: r.x - radius, y: r.y - radius,
                                           width: r.width + 2 * radius, height: r.height + 2 * radius)
        guard let halo = haloRequest.clipped(rows: rows, columns: columns),
              let region = try image.cropped(to: halo) else { return nil }
        let smoothed = try apply(to: region)
        return try smoothed.cropped(to: RegionOfInterest(x: r.x - halo.x, y: r.y - halo.y, width: r.width, height: r.height))
    }
}
