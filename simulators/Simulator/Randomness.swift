import Foundation

/// Deterministic, stateless pseudo-randomness: every random quantity of the simulation is a
/// hash of (seed, stream, index), so any train can be rebuilt from its ID alone.
enum Randomness {
    /// Streams: one per kind of random quantity.
    enum Stream: UInt64 {
        case pedestal = 1, noiseTable, beamIntensity, noiseOffset, window, cameraNoise
        case drop = 101, reorder, duplicate, missingSource, emptyTrain, corrupt
    }

    /// SplitMix64's finaliser.
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A 64-bit hash of seed, stream and index.
    @inline(__always)
    static func hash(_ seed: UInt64, _ stream: Stream, _ index: UInt64, _ salt: UInt64 = 0) -> UInt64 {
        mix(mix(mix(seed ^ (stream.rawValue &* 0xD1B5_4A32_D192_ED03)) ^ index) ^ salt)
    }

    /// Uniform in [0, 1).
    @inline(__always)
    static func uniform(_ seed: UInt64, _ stream: Stream, _ index: UInt64, _ salt: UInt64 = 0) -> Double {
        Double(hash(seed, stream, index, salt) >> 11) * 0x1p-53
    }

    /// Standard normal (Box–Muller on two hashed uniforms).
    static func normal(_ seed: UInt64, _ stream: Stream, _ index: UInt64, _ salt: UInt64 = 0) -> Double {
        let u1 = max(uniform(seed, stream, index, salt &* 2), 0x1p-53)
        let u2 = uniform(seed, stream, index, salt &* 2 &+ 1)
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A stable 64-bit hash of a string (FNV-1a), for salting streams by source name.
    static func hash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return h
    }
}
