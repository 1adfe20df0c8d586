extension PeakFinder8 {
    /// The peaks of one frame `[rows, columns]` (or any array of `rows · columns` elements).
    public func find(in frame: DenseArray<Float>) throws(OperatorError) -> PeakList8 {
        guard frame.count == panels.rows * panels.columns else {
            throw .shapeMismatch(expected: shape, actual: frame.shape)
        }
        return frame.withUnsafeBufferPointer { find(pixels: $0) }
    }

    /// The peaks of every frame of a stack `[frames, …]` whose trailing axes hold
    /// `rows · columns` elements per frame (e.g. `(pulses, modules, ss, fs)` with the modules
    /// stacked along ss).
    public func findEach(in stack: DenseArray<Float>) throws(OperatorError) -> [PeakList8] {
        let per = panels.rows * panels.columns
        guard stack.rank >= 3, per > 0, stack.count % per == 0, stack.count / per == stack.shape[0] else {
            throw .rankMismatch(expected: "(frames, …) with \(panels.rows)·\(panels.columns) pixels per frame", shape: stack.shape)
        }
        return stack.withUnsafeBufferPointer { all in
            (0..<stack.shape[0]).map { f in find(pixels: UnsafeBufferPointer(rebasing: all[f * per..<(f + 1) * per])) }
        }
    }

    /// The allocation-light entry point: `pixels` holds one frame in C order.
    public func find(pixels v: UnsafeBufferPointer<Float>) -> PeakList8 {
        precondition(v.count == panels.rows * panels.columns, "frame size")
        let (offset, threshold) = radialStatistics(v)
        var search = Search(finder: self, v: v, offset: offset, threshold: threshold)
        search.run()
        return PeakList8(peaks: search.peaks, foundCount: search.found)
    }

    /// One frame's seed scan, growth, background and acceptance (OM 23.8.3 order and quirks).
    struct Search {
        let finder: PeakFinder8
        let v: UnsafeBufferPointer<Float>
        let offset: [Float]
        let threshold: [Float]
        let width: Int
        var marked: [Bool]
        /// ASIC-local (ss, fs) of the region's pixels. Slots past the region keep earlier
        /// regions' pixels: OM's growth reads one slot past the end (docs/operators.md).
        var list: [(Int32, Int32)]
        var count = 0
        var peaks: [Peak8] = []
        var found = 0

        init(finder: PeakFinder8, v: UnsafeBufferPointer<Float>, offset: [Float], threshold: [Float]) {
            self.finder = finder
            self.v = v
            self.offset = offset
            self.threshold = threshold
            width = finder.panels.columns
            marked = [Bool](repeating: false, count: v.count)
            list = [(Int32, Int32)](repeating: (0, 0), count: finder.panels.asicRows * finder.panels.asicColumns + 1)
        }

        /// OM's search pattern (ss, fs): the centre, then the 3 × 3 neighbours row by row.
        static let neighbours = [(0, 0), (-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1)]

        @inline(__always) func isHot(_ p: Int) -> Bool { v[p] > threshold[Int(finder.bins[p])] }

        mutating func run() {
            let g = finder.panels
            for aiss in 0..<g.panelRows {
                for aifs in 0..<g.panelColumns where g.asicRows > 2 && g.asicColumns > 2 {
                    for ss in 1..<(g.asicRows - 1) {
                        let rowStart = (aiss * g.asicRows + ss) * width + aifs * g.asicColumns
                        for fs in 1..<(g.asicColumns - 1) where !marked[rowStart + fs] && isHot(rowStart + fs) {
                            region(aiss: aiss, aifs: aifs, ss: ss, fs: fs)
                        }
                    }
                }
            }
        }

        mutating func region(aiss: Int, aifs: Int, ss: Int, fs: Int) {
            let g = finder.panels
            let ss0 = aiss * g.asicRows, fs0 = aifs * g.asicColumns
            var sumW: Float = 0, sumWfs: Float = 0, sumWss: Float = 0
            func add(_ lss: Int, _ lfs: Int, _ p: Int) {
                marked[p] = true
                list[count] = (Int32(lss), Int32(lfs))
                count += 1
                let w = v[p] - offset[Int(finder.bins[p])]
                sumW += w
                sumWfs += w * Float(fs0 + lfs)
                sumWss += w * Float(ss0 + lss)
            }
            // The seed sits in slot 0 and joins through its own centre search. Neighbours are
            // visited centre first, then row by row; the slot is read afresh for every
            // neighbour, because at the stale slot (i == count) a joining pixel overwrites it
            // and the search continues around the new pixel, as OM's does.
            list[0] = (Int32(ss), Int32(fs))
            count = 0
            // Passes over the list repeat until one adds nothing (a pixel that overwrote the
            // stale slot is searched in full on the next pass).
            var before: Int
            repeat {
                before = count
                var i = 0
                while i <= count && i < list.count {
                    for (dss, dfs) in Self.neighbours {
                        let nss = Int(list[i].0) + dss, nfs = Int(list[i].1) + dfs
                        guard nss >= 0, nss < g.asicRows, nfs >= 0, nfs < g.asicColumns else { continue }
                        let q = (ss0 + nss) * width + fs0 + nfs
                        if !marked[q] && isHot(q) && count < list.count - 1 { add(nss, nfs, q) }
                    }
                    i += 1
                }
            } while count != before
            let p = finder.parameters
            guard count >= p.minPixelCount, count <= p.maxPixelCount, abs(sumW) >= 1e-10 else { return }
            let c1fs = sumWfs / abs(sumW), c1ss = sumWss / abs(sumW)
            let bg = background(c1fs: c1fs, c1ss: c1ss, ss0: ss0, fs0: fs0)
            var intensity: Float = 0, maxValue: Float = 0, sumV: Float = 0, sumVfs: Float = 0, sumVss: Float = 0
            for j in 0..<count {
                let lss = Int(list[j].0), lfs = Int(list[j].1)
                let x = v[(ss0 + lss) * width + fs0 + lfs]
                intensity += x - bg.mean
                maxValue = Swift.max(maxValue, x - bg.mean)
                sumV += x
                sumVfs += x * Float(fs0 + lfs)
                sumVss += x * Float(ss0 + lss)
            }
            guard abs(sumV) >= 1e-10 else { return }
            let cfs = sumVfs / abs(sumV), css = sumVss / abs(sumV)
            let snr: Float = abs(bg.sigma) <= 1e-10 ? 0 : intensity / bg.sigma
            guard snr >= p.minimumSNR, maxValue >= bg.maximum - bg.mean else { return }
            guard cfs >= Float(fs0), cfs <= Float(fs0 + g.asicColumns - 1),
                  css >= Float(ss0), css <= Float(ss0 + g.asicRows - 1) else { return }
            found += 1
            if peaks.count < p.maxPeaks {
                let com = Int(cfs.rounded(.toNearestOrEven)) + Int(css.rounded(.toNearestOrEven)) * width
                peaks.append(Peak8(fs: cfs, ss: css, intensity: intensity, comIndex: com, pixelCount: count,
                                   maxPixelValue: maxValue, localSigma: bg.sigma, snr: snr))
            }
        }

        /// The local background disc of radius 2b around rint(c₁), inside the ASIC.
        func background(c1fs: Float, c1ss: Float, ss0: Int, fs0: Int) -> (mean: Float, sigma: Float, maximum: Float) {
            let g = finder.panels
            let b2 = 2 * finder.parameters.localBackgroundRadius
            let gfs = Int(c1fs.rounded(.toNearestOrEven)), gss = Int(c1ss.rounded(.toNearestOrEven))
            let cfs = gfs - fs0, css = gss - ss0
            let left = Int32(finder.binCount)
            var n = 0, sum: Float = 0, sumSq: Float = 0, maximum: Float = 0
            for dss in -b2..<b2 {
                let lss = css + dss
                guard lss >= 0, lss < g.asicRows else { continue }
                for dfs in -b2..<b2 where dss * dss + dfs * dfs <= b2 * b2 {
                    let lfs = cfs + dfs
                    guard lfs >= 0, lfs < g.asicColumns else { continue }
                    let q = (ss0 + lss) * width + fs0 + lfs
                    let bin = finder.bins[q]
                    guard bin != left, !marked[q] else { continue }
                    let x = v[q]
                    guard x < threshold[Int(bin)] else { continue }
                    n += 1
                    sum += x
                    sumSq += x * x
                    maximum = Swift.max(maximum, x)
                }
            }
            if n == 0 {
                // OM: the radial offset at the first-pass centroid's pixel, σ = 0.01.
                let com = gfs + gss * width
                let bin = com >= 0 && com < finder.radius.count ? Int(finder.radius[com].rounded(.toNearestOrEven)) : 0
                return (offset[Swift.min(bin, finder.binCount - 1)], 0.01, 0)
            }
            let mean = sum / Float(n)
            let variance = sumSq / Float(n) - mean * mean
            return (mean, variance < 0 ? 0.01 : variance.squareRoot(), maximum)
        }
    }
}
