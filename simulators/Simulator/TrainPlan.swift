/// Everything that varies from train to train, decided before any source is built, so
/// that all sources of a train agree (detector pulses, XGM energies, laser, camera spot).
public struct TrainPlan: Sendable, Equatable {
    /// The train ID.
    public let trainID: UInt64
    /// Unix time stamped on every source of the train.
    public let timestamp: Double
    /// Pulses in this train (0 for an `--empty-trains` train).
    public let pulses: Int
    /// First beam-table frame of the train (pulse i is frame `windowStart + i`).
    public let windowStart: Int
    /// Relative intensity of each pulse (mean 1).
    public let intensities: [Float]
    /// Whether the pump laser fired for each pulse.
    public let laserOn: [Bool]
    /// Whether this is a pumped train (odd train ID with `--laser train`).
    public let pumped: Bool
    /// Beam-steering motor position, mm.
    public let motorPosition: Double
    /// `--cellid-mismatch`: cell ID lists one entry short.
    public let cellIDMismatch: Bool
    /// False for a dropped shot (`--dropped-shots`): no photons, intensities all 0.
    public var xrayOn = true

    /// XGM pulse energies, µJ (800 µJ × intensity).
    public var pulseEnergies: [Float] { intensities.map { $0 * Simulation.meanPulseEnergy } }

    /// Mean relative intensity over the train's pulses (0 with no pulses).
    public var meanIntensity: Double {
        intensities.isEmpty ? 0 : intensities.reduce(0) { $0 + Double($1) } / Double(intensities.count)
    }
}
