/// The result of one azimuthal integration, with pyFAI's `Integrate1dResult` fields.
public struct AzimuthalProfile: Sendable, Equatable {
    /// Unit of ``radial``.
    public let unit: RadialUnit
    /// Bin centres in ``unit``.
    public let radial: [Double]
    /// Σ c·signal / Σ c·norm per bin, rounded to Float; empty bins are 0 (pyFAI's `empty`).
    public let intensity: [Float]
    /// Σ c·signal over valid pixels per bin (c = 1 without splitting, else the split fraction).
    public let sumSignal: [Double]
    /// Σ c·norm over valid pixels per bin (norm = solid angle · polarization · normalization factor).
    public let sumNormalization: [Double]
    /// Σ c over valid pixels per bin (a pixel count without splitting).
    public let count: [Double]
}
