import Foundation
import Synchronization

/// 2^20 standard-normal samples, drawn once per seed. A frame's noise is the table read from a
/// per-frame offset (wrapping), so each frame gets a different, uncorrelated-looking stretch
/// without drawing 10⁸ fresh samples per train.
final class NoiseTable: Sendable {
    static let count = 1 << 20
    static let mask = count - 1
    let values: [Float]

    private init(seed: UInt64) {
        var values = [Float](repeating: 0, count: NoiseTable.count)
        values.withUnsafeMutableBufferPointer { out in
            for i in 0..<(NoiseTable.count / 2) {
                let u1 = max(Randomness.uniform(seed, .noiseTable, UInt64(i), 0), 0x1p-53)
                let u2 = Randomness.uniform(seed, .noiseTable, UInt64(i), 1)
                let r = (-2 * log(u1)).squareRoot(), phi = 2 * Double.pi * u2
                out[2 * i] = Float(r * cos(phi))
                out[2 * i + 1] = Float(r * sin(phi))
            }
        }
        self.values = values
    }

    private static let cache = Mutex<[UInt64: NoiseTable]>([:])

    /// The table for `seed` (built once per process).
    static func forSeed(_ seed: UInt64) -> NoiseTable {
        if let table = cache.withLock({ $0[seed] }) { return table }
        let table = NoiseTable(seed: seed)
        return cache.withLock { cache in
            if let existing = cache[seed] { return existing }
            cache[seed] = table
            return table
        }
    }
}
