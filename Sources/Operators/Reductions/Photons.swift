/// Droplets to photons with smalldata_tools' greedy guess (`droplet2Photons`,
/// `docs/operators.md`, *Reductions*): a droplet of E ADU holds n = ⌊E/a + ½⌋ photons for
/// `aduPerPhoton` a; one photon sits at the droplet's centroid, a one-pixel droplet keeps all
/// its photons on that pixel, and larger droplets place ⌊v/a⌋ photons per pixel and the rest
/// greedily at the largest remainders, moved towards their best neighbour.
public struct PhotonConverter: Sendable {
    /// a: the ADU of one photon.
    public var aduPerPhoton: Double
    /// The droplet finder the photons come from.
    public var droplets: DropletFinder

    public init(aduPerPhoton: Double, droplets: DropletFinder) throws(OperatorError) {
        guard aduPerPhoton > 0, aduPerPhoton.isFinite else {
            throw .invalidParameter(name: "adu_per_photon", reason: "must be positive (got \(aduPerPhoton))")
        }
        self.aduPerPhoton = aduPerPhoton
        self.droplets = droplets
    }
}

/// One photon: its (fractional) position.
public struct Photon: Sendable, Equatable {
    public var row: Double, column: Double
}

extension PhotonConverter {
    /// The photons of a 2-D frame; single-photon droplets first, then the multi-photon ones
    /// in label order (smalldata_tools' order).
    public func photons(in frame: DenseArray<Float>, mask: PixelMask? = nil) throws(OperatorError) -> [Photon] {
        let (rows, columns) = try frame.imageShape()
        if let mask, mask.flags.count != rows * columns { throw .shapeMismatch(expected: [rows, columns], actual: mask.shape) }
        let found = frame.withUnsafeBufferPointer { droplets.labelled(pixels: $0, rows: rows, columns: columns, mask: mask?.flags) }
        let a = aduPerPhoton
        var single: [Photon] = [], multi: [Photon] = []
        for (index, d) in found.all.enumerated() {
            if let m = droplets.minimumADU, d.adu < Double(m) { continue }
            let n = Int((d.adu / a + 0.5).rounded(.down))
            if n < 1 { continue }
            if n == 1 { single.append(Photon(row: d.row, column: d.column)); continue }
            if d.pixelCount == 1 {
                multi += Array(repeating: Photon(row: Double(d.rowRange.lowerBound), column: Double(d.columnRange.lowerBound)), count: n)
                continue
            }
            multi += greedy(n: n, label: Int32(index + 1), box: (d.rowRange, d.columnRange), found.labels, found.values, columns: columns)
        }
        return single + multi
    }

    /// The greedy placement inside one droplet's bounding box with a one-pixel zero border.
    func greedy(n: Int, label: Int32, box: (ClosedRange<Int>, ClosedRange<Int>), _ labels: [Int32], _ values: [Float],
                columns: Int) -> [Photon] {
        let r0 = box.0.lowerBound - 1, c0 = box.1.lowerBound - 1
        let h = box.0.count + 2, w = box.1.count + 2
        var rest = [Double](repeating: 0, count: h * w)
        var photons: [Photon] = []
        for i in 1..<(h - 1) {
            for j in 1..<(w - 1) {
                let p = (r0 + i) * columns + c0 + j
                guard labels[p] == label else { continue }
                let f = Double(values[p]) / aduPerPhoton
                let whole = f.rounded(.down)
                for _ in 0..<Int(whole) where photons.count < n { photons.append(Photon(row: Double(r0 + i), column: Double(c0 + j))) }
                rest[i * w + j] = f - whole
            }
        }
        while photons.count < n {
            var best = 0
            for k in 1..<rest.count where rest[k] > rest[best] { best = k }
            guard rest[best] > 0 else { break }
            let t = 1 - rest[best]
            rest[best] = 0
            let i = best / w, j = best % w
            let up = rest[best - w], down = rest[best + w], left = rest[best - 1], right = rest[best + 1]
            let (di, dj): (Int, Int)
            if up > down && up > left && up > right { (di, dj) = (-1, 0) }
            else if down > left && down > right { (di, dj) = (1, 0) }
            else if left > right { (di, dj) = (0, -1) }
            else { (di, dj) = (0, 1) }
            photons.append(Photon(row: Double(r0 + i) + Double(di) * t, column: Double(c0 + j) + Double(dj) * t))
            let q = (i + di) * w + j + dj
            rest[q] = Swift.max(0, rest[q] - t)
        }
        return photons
    }
}
