/// The radial coordinate of an azimuthal integration, named as pyFAI names it.
///
/// Bins are uniform in the unit's internal quantity (q in nm⁻¹, 2θ in radians, r in metres);
/// outputs are the internal value times ``scale``, and an explicit radial range given in the
/// unit is divided by ``scale`` first.
public enum RadialUnit: String, Sendable, CaseIterable, Codable {
    /// q = 4π·sin(2θ/2)/λ in nm⁻¹.
    case qPerNanometre = "q_nm^-1"
    /// q in Å⁻¹ (0.1 × nm⁻¹).
    case qPerAngstrom = "q_A^-1"
    /// Scattering angle 2θ in degrees.
    case twoThetaDegrees = "2th_deg"
    /// Scattering angle 2θ in radians.
    case twoThetaRadians = "2th_rad"
    /// Distance from the direct beam in the detector plane, millimetres.
    case radiusMillimetres = "r_mm"
    /// Distance from the direct beam in the detector plane, metres.
    case radiusMetres = "r_m"

    /// The quantity bins are uniform in.
    enum Space: Sendable { case q, twoTheta, radius }

    var space: Space {
        switch self {
        case .qPerNanometre, .qPerAngstrom: .q
        case .twoThetaDegrees, .twoThetaRadians: .twoTheta
        case .radiusMillimetres, .radiusMetres: .radius
        }
    }

    /// Output value = internal value × scale.
    public var scale: Double {
        switch self {
        case .qPerNanometre, .twoThetaRadians, .radiusMetres: 1.0
        case .qPerAngstrom: 0.1
        case .twoThetaDegrees: 180.0 / Double.pi
        case .radiusMillimetres: 1000.0
        }
    }

    /// Whether computing this unit needs the wavelength.
    public var needsWavelength: Bool { space == .q }
}
