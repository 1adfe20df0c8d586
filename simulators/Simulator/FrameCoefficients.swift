/// Per-frame multipliers of the two ring profiles and the noise offset.
struct FrameCoefficients: Sendable {
    let pumped: [Float]
    let others: [Float]
    let noiseOffset: [Int]

    init(beam: BeamTable, dark: Bool, seed: UInt64, salt: UInt64) {
        pumped = (0..<beam.frameCount).map { f in
            dark ? 0 : beam.intensity[f] * (beam.laserOn[f] ? PixelModel.pumpedRingFactor : 1)
        }
        others = (0..<beam.frameCount).map { dark ? 0 : beam.intensity[$0] }
        noiseOffset = (0..<beam.frameCount).map { f in
            Int(Randomness.hash(seed, .noiseOffset, UInt64(f), salt) & UInt64(NoiseTable.mask))
        }
    }
}
