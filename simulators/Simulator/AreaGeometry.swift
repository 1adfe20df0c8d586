import Foundation

/// Where an area detector's pixels sit and which powder rings it sees: the ground truth
/// documented in `docs/simulator.md`.
///
/// Pixels are addressed per module by `(u, v)`, the two pixel axes **in file-layout order**
/// (`image.data[pulse, module, u, v]`, `data.adc[cell, u, v]`). Each module is placed in an
/// assembled image (rows × columns, pixel size ``pixelSize``) with its corner at
/// ``moduleOrigins``; ``uIsColumn`` says whether `u` runs along the columns (AGIPD, LPD) or the
/// rows (JUNGFRAU). Pixel centres are at `+0.5`, the beam at ``beamCentre`` (continuous
/// row/column coordinates), so `poni1 = beamRow·pixel`, `poni2 = beamColumn·pixel` in pyFAI terms.
public struct AreaGeometry: Sendable {
    /// One powder ring: a Gaussian in q.
    public struct Ring: Sendable, Equatable {
        /// Centre, nm⁻¹.
        public let q: Double
        /// Standard deviation, nm⁻¹.
        public let width: Double
        /// Peak height in ADU at pulse intensity 1 (laser off).
        public let amplitude: Double
    }

    /// Modules (1 for single-module detectors).
    public let modules: Int
    /// Extent of the first pixel axis (`u`).
    public let uPixels: Int
    /// Extent of the second pixel axis (`v`).
    public let vPixels: Int
    /// Whether `u` indexes columns (true) or rows (false) of the assembled image.
    public let uIsColumn: Bool
    /// Per module, the assembled-image (row, column) of its pixel (0, 0)'s corner.
    public let moduleOrigins: [(row: Int, column: Int)]
    /// Assembled image size (rows, columns).
    public let imageSize: (rows: Int, columns: Int)
    /// Beam position in continuous assembled-image coordinates (row, column).
    public let beamCentre: (row: Double, column: Double)
    /// Pixel pitch, mm (square pixels).
    public let pixelSize: Double
    /// Sample–detector distance, mm (detector normal to the beam).
    public let distance: Double
    /// Photon energy, keV.
    public let photonEnergy: Double
    /// The rings; ring 0 is the one the pump laser changes.
    public let rings: [Ring]

    /// Wavelength, nm (hc = 1.239841984 keV·nm).
    public var wavelength: Double { 1.239841984 / photonEnergy }

    /// Pixels in one frame (all modules).
    public var pixelsPerFrame: Int { modules * uPixels * vPixels }

    /// Assembled-image (row, column) of pixel `(u, v)` of `module` (integer; centre at +0.5).
    public func imagePosition(module: Int, u: Int, v: Int) -> (row: Int, column: Int) {
        let o = moduleOrigins[module]
        return uIsColumn ? (o.row + v, o.column + u) : (o.row + u, o.column + v)
    }

    /// Distance of a pixel centre from the beam, mm.
    public func radius(module: Int, u: Int, v: Int) -> Double {
        let p = imagePosition(module: module, u: u, v: v)
        let dr = Double(p.row) + 0.5 - beamCentre.row, dc = Double(p.column) + 0.5 - beamCentre.column
        return pixelSize * (dr * dr + dc * dc).squareRoot()
    }

    /// Momentum transfer at radius `r` (mm): q = 4π·sin(θ)/λ with 2θ = atan(r / distance), nm⁻¹.
    public func q(radius r: Double) -> Double {
        4 * Double.pi * sin(0.5 * atan(r / distance)) / wavelength
    }

    /// Radius (mm) at which momentum transfer `q` (nm⁻¹) lands.
    public func radius(q: Double) -> Double {
        distance * tan(2 * asin(q * wavelength / (4 * Double.pi)))
    }

    /// Noise-free signal of a pixel at `q` (laser off, intensity 1): ring 0 and the other rings apart.
    func ringProfiles(q: Double) -> (pumped: Double, others: Double) {
        var pumped = 0.0, others = 0.0
        for (k, ring) in rings.enumerated() {
            let z = (q - ring.q) / ring.width
            guard abs(z) < 8 else { continue }
            let value = ring.amplitude * exp(-0.5 * z * z)
            if k == 0 { pumped += value } else { others += value }
        }
        return (pumped, others)
    }
}

extension AreaGeometry {
    /// Photon energy of every simulated detector, keV (λ = 0.133316 nm).
    public static let photonEnergy = 9.3

    /// AGIPD 1M: modules in two columns of eight (module m: column m / 8, row m % 8), 4-pixel gaps,
    /// `u` (512) along columns; 1052 × 1028 assembled; beam in the central gap.
    public static let agipd = AreaGeometry(
        modules: 16, uPixels: 512, vPixels: 128, uIsColumn: true,
        moduleOrigins: (0..<16).map { (row: ($0 % 8) * 132, column: ($0 / 8) * 516) },
        imageSize: (1052, 1028), beamCentre: (526, 514), pixelSize: 0.2, distance: 2000,
        photonEnergy: photonEnergy,
        rings: [Ring(q: 0.8, width: 0.02, amplitude: 400), Ring(q: 1.6, width: 0.02, amplitude: 250),
                Ring(q: 2.4, width: 0.02, amplitude: 150)])

    /// One AGIPD module, placed where AGIPD module 3 sits (beside the beam), same rings.
    public static let agipdModule = AreaGeometry(
        modules: 1, uPixels: 512, vPixels: 128, uIsColumn: true,
        moduleOrigins: [(row: 396, column: 0)],
        imageSize: (1052, 1028), beamCentre: (526, 514), pixelSize: 0.2, distance: 2000,
        photonEnergy: photonEnergy, rings: agipd.rings)

    /// LPD 1M: a 4 × 4 grid of 256 × 256 modules (module m: row m / 4, column m % 4), 4-pixel gaps,
    /// `u` along columns; 1036 × 1036 assembled; beam in the central gap.
    public static let lpd = AreaGeometry(
        modules: 16, uPixels: 256, vPixels: 256, uIsColumn: true,
        moduleOrigins: (0..<16).map { (row: ($0 / 4) * 260, column: ($0 % 4) * 260) },
        imageSize: (1036, 1036), beamCentre: (518, 518), pixelSize: 0.5, distance: 275,
        photonEnergy: photonEnergy,
        rings: [Ring(q: 10, width: 0.25, amplitude: 300), Ring(q: 20, width: 0.25, amplitude: 500),
                Ring(q: 30, width: 0.25, amplitude: 200)])

    /// One JUNGFRAU module, 512 rows × 1024 columns (`data.adc[cell, row, column]`), beam at its centre.
    public static let jungfrau = AreaGeometry(
        modules: 1, uPixels: 512, vPixels: 1024, uIsColumn: false,
        moduleOrigins: [(row: 0, column: 0)],
        imageSize: (512, 1024), beamCentre: (256, 512), pixelSize: 0.075, distance: 100,
        photonEnergy: photonEnergy,
        rings: [Ring(q: 4, width: 0.15, amplitude: 400), Ring(q: 8, width: 0.15, amplitude: 250),
                Ring(q: 12, width: 0.15, amplitude: 150)])

    /// The geometry of a `-d` detector.
    public static func of(_ detector: DetectorKind) -> AreaGeometry {
        switch detector {
        case .agipd: return agipd
        case .agipdModule: return agipdModule
        case .lpd: return lpd
        }
    }
}
