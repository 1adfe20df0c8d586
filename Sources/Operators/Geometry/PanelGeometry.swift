/// A multi-panel detector geometry, as a CrystFEL `.geom` file describes it (see
/// `docs/geometry.md`): panels with their data rectangles and lab-frame vectors, the data
/// layout, bad regions, groups and the beam metadata.
///
/// Data layout: with a module axis (a panel `dimN` is an integer, EXtra-geom's
/// `(frames, modules, ss, fs)`), a frame is ``dataShape`` = `[modules, ss, fs]`; without one
/// (modules stacked along ss, `(frames, ss, fs)`), it is `[ss, fs]`.
public struct PanelGeometry: Sendable, Hashable {
    /// The file it was read from (for messages).
    public var file: String
    /// Panels in file order.
    public var panels: [GeometryPanel]
    /// Bad regions (not applied by ``assemble`` or the integrator; see ``badPixelMask()``).
    public var badRegions: [BadRegion]
    /// Rigid groups and collections.
    public var groups: [PanelGroup]
    /// Camera length, metres (`clen`), if the file gives a number.
    public var clen: Double?
    /// Photon energy, eV (from `photon_energy`, `wavelength` or `electron_voltage`), if given as a number.
    public var photonEnergy: Double?
    /// The HDF5 data path (`data`), if given.
    public var dataPath: String?
    /// Whether the data have a module axis (`[modules, ss, fs]` frames).
    public var hasModuleAxis: Bool
    /// The shape of one frame: `[modules, ss, fs]` or `[ss, fs]`.
    public var dataShape: [Int]

    /// Number of modules (1 without a module axis).
    public var modules: Int { hasModuleAxis ? dataShape[0] : 1 }
    /// Pixels per frame.
    public var pixelCount: Int { dataShape.reduce(1, *) }

    /// X-ray wavelength in metres from ``photonEnergy`` (hc = 12.398419843320026 keV·Å, as pyFAI).
    public var wavelength: Double? {
        guard let e = photonEnergy, e > 0 else { return nil }
        return 12.398419843320026 / (e / 1000) * 1e-10
    }

    /// The flat index in a frame of module `m`, slow-scan `s`, fast-scan `f`.
    @inline(__always)
    public func flatIndex(module m: Int, ss s: Int, fs f: Int) -> Int {
        let fsCount = dataShape[dataShape.count - 1], ssCount = dataShape[dataShape.count - 2]
        return (m * ssCount + s) * fsCount + f
    }
}
