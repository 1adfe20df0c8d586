/// A flat detector and where it sits, in pyFAI's PONI convention.
///
/// * Axis 1 is the rows (slow, `shape[0]`, "y"), axis 2 the columns (fast, `shape[1]`, "x").
/// * Pixel `(i, j)` has its centre at `((i + 0.5)·pixel1, (j + 0.5)·pixel2)` metres from the
///   detector's corner. ``poni1``/``poni2`` (the point of normal incidence) are in the same
///   frame: a beam centre at continuous pixel coordinates `(y, x)` (pixel `i` spans `[i, i+1)`)
///   is `poni1 = y·pixel1`, `poni2 = x·pixel2`.
/// * Rotations follow pyFAI (`rot1` about the vertical axis, `rot2` about the horizontal,
///   `rot3` about the beam), in radians; all zero for a detector normal to the beam.
public struct DetectorGeometry: Sendable, Hashable, Codable {
    /// Number of pixel rows (axis 0 of an image).
    public var rows: Int
    /// Number of pixel columns (axis 1 of an image).
    public var columns: Int
    /// Pixel size along the rows axis, metres.
    public var pixel1: Double
    /// Pixel size along the columns axis, metres.
    public var pixel2: Double
    /// Sample–PONI distance, metres.
    public var distance: Double
    /// PONI coordinate along the rows axis, metres from the detector corner.
    public var poni1: Double
    /// PONI coordinate along the columns axis, metres from the detector corner.
    public var poni2: Double
    /// pyFAI rotation about the vertical axis, radians.
    public var rot1: Double
    /// pyFAI rotation about the horizontal axis, radians.
    public var rot2: Double
    /// pyFAI rotation about the beam, radians.
    public var rot3: Double
    /// X-ray wavelength, metres; needed only for q units.
    public var wavelength: Double?

    public init(rows: Int, columns: Int, pixel1: Double, pixel2: Double, distance: Double,
                poni1: Double, poni2: Double, rot1: Double = 0, rot2: Double = 0, rot3: Double = 0,
                wavelength: Double? = nil) {
        self.rows = rows
        self.columns = columns
        self.pixel1 = pixel1
        self.pixel2 = pixel2
        self.distance = distance
        self.poni1 = poni1
        self.poni2 = poni2
        self.rot1 = rot1
        self.rot2 = rot2
        self.rot3 = rot3
        self.wavelength = wavelength
    }

    /// The image shape `[rows, columns]`.
    public var shape: [Int] { [rows, columns] }

    /// Throws unless the geometry describes a real detector.
    public func validate() throws(OperatorError) {
        guard rows > 0, columns > 0 else {
            throw .invalidParameter(name: "geometry.shape", reason: "\(rows)×\(columns) has no pixels")
        }
        guard pixel1 > 0, pixel2 > 0, pixel1.isFinite, pixel2.isFinite else {
            throw .invalidParameter(name: "geometry.pixel", reason: "pixel sizes must be positive (got \(pixel1), \(pixel2))")
        }
        guard distance > 0, distance.isFinite else {
            throw .invalidParameter(name: "geometry.distance", reason: "must be positive (got \(distance))")
        }
        for (name, value) in [("poni1", poni1), ("poni2", poni2), ("rot1", rot1), ("rot2", rot2), ("rot3", rot3)]
        where !value.isFinite {
            throw .invalidParameter(name: "geometry.\(name)", reason: "must be finite")
        }
        if let wavelength, !(wavelength > 0 && wavelength.isFinite) {
            throw .invalidParameter(name: "geometry.wavelength", reason: "must be positive (got \(wavelength))")
        }
    }
}
