extension AzimuthalIntegrator {
    /// Builds the bin range and the CSR table for one geometry and configuration.
    struct TableBuilder {
        let pixels: any IntegrationPixels
        let configuration: Configuration

        /// (1 + FLT_EPSILON): pyFAI's `calc_upper_bound` factor on the upper edge.
        static let upperBoundFactor = 1.0 + Double(Float.ulpOfOne)

        func build() throws(OperatorError) -> (edges: BinEdges, table: SparseTable) {
            let space = configuration.unit.space
            let centres = pixels.radialCentres(space)
            let halfWidths = configuration.method.splitsPixels ? pixels.radialHalfWidths(space, centres: centres) : nil
            let norm = pixelNorm()
            let mask = configuration.mask?.flags
            let edges = try binEdges(centres: centres, halfWidths: halfWidths, mask: mask)
            let table = fillTable(edges: edges, centres: centres, halfWidths: halfWidths, norm: norm, mask: mask)
            return (edges, table)
        }

        /// Per-pixel normalisation (solid angle · polarization), float32 as pyFAI; nil when 1.
        func pixelNorm() -> [Float]? {
            var norm: [Float]?
            if configuration.correctSolidAngle { norm = pixels.solidAngles() }
            if let factor = configuration.polarizationFactor {
                let pol = pixels.polarization(factor: factor, axisOffset: configuration.polarizationAxisOffset)
                if var n = norm {
                    for i in n.indices { n[i] *= pol[i] }
                    norm = n
                } else {
                    norm = pol
                }
            }
            return norm
        }

        /// The bin range: explicit, or the automatic range of the method (see ``Method``).
        func binEdges(centres: [Double], halfWidths: [Double]?, mask: [UInt8]?) throws(OperatorError) -> BinEdges {
            let bins = Double(configuration.bins)
            var lower: Double, upperIn: Double
            if let range = configuration.radialRange {
                let scale = configuration.unit.scale
                lower = range.lowerBound / scale
                upperIn = range.upperBound / scale
                guard lower.isFinite, upperIn.isFinite, upperIn > lower else {
                    throw .invalidParameter(name: "radialRange", reason: "\(range) is empty or not finite")
                }
            } else {
                lower = .infinity
                upperIn = -.infinity
                let useMask = configuration.method != .noSplitHistogram ? mask : nil
                for p in centres.indices where useMask?[p] ?? 0 == 0 && !centres[p].isNaN {
                    let d = halfWidths?[p] ?? 0
                    lower = Swift.min(lower, centres[p] - d)
                    upperIn = Swift.max(upperIn, centres[p] + d)
                }
                guard lower.isFinite, upperIn.isFinite else {
                    throw .invalidParameter(name: "mask", reason: "every pixel is masked")
                }
                // Radial units are non-negative: pyFAI clamps the lower edge at 0.
                lower = Swift.max(lower, 0)
            }
            let upper = upperIn > 0 ? upperIn * Self.upperBoundFactor : upperIn / Self.upperBoundFactor
            let width = (upper - lower) / bins
            guard width > 0, width.isFinite else {
                throw .invalidParameter(name: "radialRange", reason: "the radial range [\(lower), \(upper)] is empty")
            }
            return BinEdges(lower: lower, upper: upper, width: width, upperBeforeFactor: upperIn)
        }

        /// A pixel's span of bins and weights, or nil when it misses every bin.
        struct Span {
            var first: Int, last: Int
            var fmin: Double, fmax: Double
        }

        /// Truncates toward zero, saturating far outside `-1...bins` (only those bounds matter).
        @inline(__always)
        static func truncatedBin(_ f: Double, bins: Int) -> Int {
            if f <= -2 { return -2 }
            if f >= Double(bins) + 1 { return bins + 1 }
            return Int(f)
        }

        func span(_ p: Int, edges: BinEdges, centres: [Double], halfWidths: [Double]?) -> Span? {
            let bins = configuration.bins
            guard let halfWidths else {
                let f = (centres[p] - edges.lower) / edges.width
                guard f > -1, f < Double(bins) else { return nil }
                let b = Int(f)
                return Span(first: b, last: b, fmin: f, fmax: f)
            }
            if configuration.method == .boundingBoxHistogram {
                return histogramSpan(centres[p] - halfWidths[p], centres[p] + halfWidths[p], edges: edges)
            }
            // Positions below 0 are clamped to 0 (radial units are non-negative), as pyFAI does.
            let lo = Swift.max(centres[p] - halfWidths[p], 0), hi = centres[p] + halfWidths[p]
            let fmin = (lo - edges.lower) / edges.width, fmax = (hi - edges.lower) / edges.width
            guard fmin.isFinite, fmax.isFinite else { return nil }
            let b0 = Self.truncatedBin(fmin, bins: bins), b1 = Self.truncatedBin(fmax, bins: bins)
            guard b1 >= 0, b0 < bins else { return nil }
            return Span(first: Swift.max(b0, 0), last: Swift.min(b1, bins - 1), fmin: fmin, fmax: fmax)
        }

        /// pyFAI's `histoBBox1d_engine` rule: skip a box wholly outside [lower, upper before the
        /// ε factor]; bins trunc(f) clipped to the range; fractions from the unclipped box.
        func histogramSpan(_ lo: Double, _ hi: Double, edges: BinEdges) -> Span? {
            let bins = configuration.bins
            guard lo.isFinite, hi.isFinite, !(hi < edges.lower), !(lo > edges.upperBeforeFactor) else { return nil }
            let fmin = (lo - edges.lower) / edges.width, fmax = (hi - edges.lower) / edges.width
            let b1 = Swift.min(Self.truncatedBin(fmax, bins: bins), bins - 1)
            let b0 = Swift.max(Self.truncatedBin(fmin, bins: bins), 0)
            guard b0 <= b1 else { return nil }
            return Span(first: b0, last: b1, fmin: fmin, fmax: fmax)
        }

        /// Two passes over the valid pixels: count entries per bin, then fill rows in pixel order.
        func fillTable(edges: BinEdges, centres: [Double], halfWidths: [Double]?, norm: [Float]?,
                       mask: [UInt8]?) -> SparseTable {
            let bins = configuration.bins
            let pixels = centres.count
            func usable(_ p: Int) -> Bool { (mask?[p] ?? 0) == 0 && (norm?[p] ?? 1) != 0 && !centres[p].isNaN }

            var rowLength = [Int](repeating: 0, count: bins)
            for p in 0..<pixels where usable(p) {
                guard let s = span(p, edges: edges, centres: centres, halfWidths: halfWidths) else { continue }
                for b in s.first...s.last { rowLength[b] += 1 }
            }
            var rowStart = [Int](repeating: 0, count: bins + 1)
            for b in 0..<bins { rowStart[b + 1] = rowStart[b] + rowLength[b] }
            let total = rowStart[bins]

            var next = Array(rowStart.dropLast())
            var pixel = [Int32](repeating: 0, count: total)
            var coefficient = halfWidths == nil ? nil : [Float](repeating: 0, count: total)
            var entryNorm = [Float](repeating: 0, count: total)
            for p in 0..<pixels where usable(p) {
                guard let s = span(p, edges: edges, centres: centres, halfWidths: halfWidths) else { continue }
                let n = norm?[p] ?? 1
                func put(_ b: Int, _ c: Float) {
                    let k = next[b]
                    next[b] += 1
                    pixel[k] = Int32(p)
                    coefficient?[k] = c
                    entryNorm[k] = c * n
                }
                if s.first == s.last {
                    put(s.first, 1)
                } else {
                    let inverse = 1.0 / (s.fmax - s.fmin)
                    put(s.first, Float((Double(s.first + 1) - s.fmin) * inverse))
                    for b in (s.first + 1)..<s.last { put(b, Float(inverse)) }
                    put(s.last, Float((s.fmax - Double(s.last)) * inverse))
                }
            }

            var totalNorm = [Double](repeating: 0, count: bins)
            var totalCount = [Double](repeating: 0, count: bins)
            for b in 0..<bins {
                var sn = 0.0, sc = 0.0
                for k in rowStart[b]..<rowStart[b + 1] {
                    sn += Double(entryNorm[k])
                    sc += Double(coefficient?[k] ?? 1)
                }
                totalNorm[b] = sn
                totalCount[b] = sc
            }
            return SparseTable(bins: bins, rowStart: rowStart, pixel: pixel, coefficient: coefficient,
                               entryNorm: entryNorm, totalNorm: totalNorm, totalCount: totalCount)
        }
    }
}
