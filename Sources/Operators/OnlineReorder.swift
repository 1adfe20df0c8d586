/// The `.online` → pulses-first reordering kernel: `in[m, f, s, p]` → `out[p, m, s, f]`,
/// optionally minus a dark indexed like `out` (per pulse) or like one frame.
///
/// Pulses are 4 MB apart in the output of an AGIPD train, a power of two: writing one element
/// per pulse in turn would send every write to the same cache set, evicting each line before its
/// neighbours are written (16× the memory traffic). So a tile of `tile` fs × all pulses is first
/// gathered into a small buffer (contiguous reads of each pixel's pulses), then written out as
/// one run of `tile` elements per pulse (whole cache lines, written once).
enum OnlineReorder {
    /// fs elements per tile: AGIPD's whole fs axis (128 floats, 512 bytes per pulse; the
    /// buffer of 64 pulses is 32 KiB, in L1). Longer runs than 32 were faster.
    static let tile = 128

    /// Reorders `(lead, fs, ss, pulses)` at `src` into `(pulses, lead, ss, fs)` at `out`;
    /// with `dark`, subtracts it in the same pass (`perPulse`: the dark has `out`'s shape;
    /// otherwise one frame `(lead, ss, fs)`, subtracted from every pulse).
    static func run<E: DenseElement>(_ src: UnsafePointer<E>, into out: UnsafeMutablePointer<E>,
                                     dark: UnsafePointer<E>?, perPulse: Bool,
                                     lead: Int, fs: Int, ss: Int, pulses: Int) {
        let frame = lead * ss * fs
        guard frame > 0, pulses > 0 else { return }
        let buffer = UnsafeMutablePointer<E>.allocate(capacity: tile * pulses)
        defer { buffer.deallocate() }
        for m in 0..<lead {
            for sIndex in 0..<ss {
                for f0 in stride(from: 0, to: fs, by: tile) {
                    let n = Swift.min(tile, fs - f0)
                    // Gather: buffer[p · tile + (f − f0)] = in[m, f, s, p]. Eight pixels at a time:
                    // eight rows are read together (the reads miss the cache; more of them in flight)
                    // and each pulse's eight values are stored as one vector.
                    var j = 0
                    while j + 8 <= n {
                        let from = src + ((m * fs + f0 + j) * ss + sIndex) * pulses
                        let step = ss * pulses
                        var to = buffer + j
                        for p in 0..<pulses {
                            let v = SIMD8<E>(from[p], from[p + step], from[p + 2 * step], from[p + 3 * step],
                                             from[p + 4 * step], from[p + 5 * step], from[p + 6 * step], from[p + 7 * step])
                            UnsafeMutableRawPointer(to).storeBytes(of: v, as: SIMD8<E>.self)
                            to += tile
                        }
                        j += 8
                    }
                    for j in j..<n {
                        let from = src + ((m * fs + f0 + j) * ss + sIndex) * pulses
                        var to = buffer + j
                        for p in 0..<pulses {
                            to.pointee = from[p]
                            to += tile
                        }
                    }
                    // Scatter: one run of n elements per pulse.
                    let at = (m * ss + sIndex) * fs + f0
                    for p in 0..<pulses {
                        let row = buffer + p * tile
                        let dst = out + p * frame + at
                        if let dark {
                            let d = dark + (perPulse ? p * frame + at : at)
                            for j in 0..<n { dst[j] = row[j] - d[j] }
                        } else {
                            dst.update(from: row, count: n)
                        }
                    }
                }
            }
        }
    }
}
