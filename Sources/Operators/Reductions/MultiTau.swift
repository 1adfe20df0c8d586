/// Multi-tau intensity autocorrelation g2 across frames per ROI, with scikit-beam's semantics
/// (`skbeam.core.correlation.multi_tau_auto_corr`, `docs/operators.md`, *Reductions*).
///
/// `levels` counts level 0 (scikit-beam's `num_levels`). Level 0 correlates frames at lags
/// 0…B−1; level 1 ≤ L < levels holds averages of 2^L consecutive
/// frames (built from pairs of level L−1 frames) and correlates them at B/2…B−1 of its frames.
/// For each lag and ROI, g2 = G / (P·F) with G, P, F the means over all frame pairs of
/// ⟨A_t·A_{t+i}⟩, ⟨A_t⟩ and ⟨A_{t+i}⟩ (means over the ROI's pixels). Feed frames with
/// ``add(_:)``; copies are independent; a fresh value resets.
public struct MultiTau: Sendable {
    public let levels: Int
    public let buffers: Int
    /// Pixel indices of each ROI (labels renumbered 1…R in ascending order).
    let roiPixels: [[Int]]
    /// Per level: the last `buffers` frames (ROI pixels only, all ROIs concatenated), newest last.
    var history: [[[Double]]]
    /// Per level: a pending frame waiting for its pair.
    var pending: [[Double]?]
    /// Per channel and ROI: Σ⟨A_t A_{t+i}⟩, Σ⟨A_t⟩, Σ⟨A_{t+i}⟩ and the pair count.
    var sumG: [[Double]], sumP: [[Double]], sumF: [[Double]], pairs: [Int]
    /// Frames seen.
    public private(set) var frameCount = 0

    /// - Parameters:
    ///   - labels: one label per pixel of a frame (0 = background).
    /// - Throws: unless levels ≥ 1, buffers is even and ≥ 2, and some pixel is labelled.
    public init(levels: Int, buffers: Int, labels: [Int]) throws(OperatorError) {
        guard levels >= 1, levels <= 40 else { throw .invalidParameter(name: "levels", reason: "must be in 1…40 (got \(levels))") }
        guard buffers >= 2, buffers % 2 == 0, buffers <= 1 << 16 else {
            throw .invalidParameter(name: "buffers", reason: "must be even and ≥ 2 (got \(buffers))")
        }
        let ids = Set(labels.filter { $0 != 0 }).sorted()
        guard !ids.isEmpty else { throw .invalidParameter(name: "labels", reason: "no pixel is in an ROI") }
        let index = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        var pixels = [[Int]](repeating: [], count: ids.count)
        for (p, l) in labels.enumerated() where l != 0 { pixels[index[l]!].append(p) }
        self.levels = levels
        self.buffers = buffers
        self.roiPixels = pixels
        history = Array(repeating: [], count: levels)
        pending = Array(repeating: nil, count: levels)
        let channels = (levels + 1) * buffers / 2
        sumG = Array(repeating: Array(repeating: 0, count: ids.count), count: channels)
        sumP = sumG
        sumF = sumG
        self.pairs = Array(repeating: 0, count: channels)
    }

    /// Number of ROIs.
    public var roiCount: Int { roiPixels.count }

    /// The lag of every channel, in frames: 0…B−1, then (B/2…B−1)·2^L.
    public var allLags: [Int] {
        var lags = Array(0..<buffers)
        for level in 1..<levels { lags += (buffers / 2..<buffers).map { $0 << level } }
        return lags
    }

    /// Adds one frame (C order, at least as many pixels as the labels).
    public mutating func add(_ frame: UnsafeBufferPointer<Float>) throws(OperatorError) {
        let needed = (roiPixels.compactMap(\.last).max() ?? 0) + 1
        guard frame.count >= needed else { throw .shapeMismatch(expected: [needed], actual: [frame.count]) }
        var values: [Double] = []
        for pixels in roiPixels { for p in pixels { values.append(Double(frame[p])) } }
        frameCount += 1
        insert(values, level: 0)
    }

    mutating func insert(_ values: [Double], level: Int) {
        history[level].append(values)
        if history[level].count > buffers { history[level].removeFirst() }
        let newest = history[level].count - 1
        let lagRange = level == 0 ? 0..<buffers : buffers / 2..<buffers
        let base = level == 0 ? 0 : buffers + (level - 1) * buffers / 2 - buffers / 2
        for lag in lagRange where lag <= newest {
            let earlier = history[level][newest - lag]
            let channel = base + lag
            var offset = 0
            for (r, pixels) in roiPixels.enumerated() {
                var g = 0.0, p = 0.0, f = 0.0
                for k in offset..<(offset + pixels.count) {
                    g += earlier[k] * values[k]
                    p += earlier[k]
                    f += values[k]
                }
                let n = Double(pixels.count)
                sumG[channel][r] += g / n
                sumP[channel][r] += p / n
                sumF[channel][r] += f / n
                offset += pixels.count
            }
            pairs[channel] += 1
        }
        guard level + 1 < levels else { return }
        if let first = pending[level] {
            pending[level] = nil
            insert(zip(first, values).map { ($0 + $1) / 2 }, level: level + 1)
        } else {
            pending[level] = values
        }
    }

    /// g2 per lag (rows) and ROI (columns), and the lags: channels up to (not including) the
    /// first one where some ROI has P = 0 (no pair yet, or an all-zero ROI), as scikit-beam.
    public var result: (lags: [Int], g2: [[Double]]) {
        let lags = allLags
        var out: [[Double]] = [], kept: [Int] = []
        for c in 0..<Swift.min(lags.count, pairs.count) {
            let n = Double(pairs[c])
            guard pairs[c] > 0, sumP[c].allSatisfy({ $0 != 0 }) else { break }
            out.append((0..<roiPixels.count).map { r in (sumG[c][r] / n) / ((sumP[c][r] / n) * (sumF[c][r] / n)) })
            kept.append(lags[c])
        }
        return (kept, out)
    }
}
