import Foundation

/// The detector geometry exactly as docs/simulator.md states it, written here independently of
/// the simulator's own code so the ground-truth tests check the documentation.
struct DocumentedGeometry: Sendable {
    /// λ for 9.3 keV, nm.
    static let wavelength = 1.239841984 / 9.3

    let pixelSize: Double      // mm
    let distance: Double       // mm
    let beamRow: Double, beamColumn: Double
    /// (row, column) in the assembled image of element `index` of one pulse's image, given its
    /// module and the two pixel indices as they appear in the array.
    let position: @Sendable (_ module: Int, _ first: Int, _ second: Int) -> (Int, Int)

    func q(row: Int, column: Int) -> Double {
        let r = pixelSize * hypot(Double(row) + 0.5 - beamRow, Double(column) + 0.5 - beamColumn)
        return 4 * Double.pi * sin(0.5 * atan(r / distance)) / DocumentedGeometry.wavelength
    }

    /// AGIPD, online layout `[module, v(128), u(512), pulse]`: row (m % 8)·132 + v, column (m / 8)·516 + u.
    static let agipdOnline = DocumentedGeometry(pixelSize: 0.2, distance: 2000, beamRow: 526, beamColumn: 514) { m, v, u in
        ((m % 8) * 132 + v, (m / 8) * 516 + u)
    }
    /// AGIPD, file layout `[pulse, module, u(512), v(128)]`.
    static let agipdFile = DocumentedGeometry(pixelSize: 0.2, distance: 2000, beamRow: 526, beamColumn: 514) { m, u, v in
        ((m % 8) * 132 + v, (m / 8) * 516 + u)
    }
    /// AGIPDModule (placed like AGIPD module 3), online `[v, u, pulse]`.
    static let agipdModuleOnline = DocumentedGeometry(pixelSize: 0.2, distance: 2000, beamRow: 526, beamColumn: 514) { _, v, u in
        (396 + v, u)
    }
    /// LPD, online `[module, v(256), u(256), pulse]`: row (m / 4)·260 + v, column (m % 4)·260 + u.
    static let lpdOnline = DocumentedGeometry(pixelSize: 0.5, distance: 275, beamRow: 518, beamColumn: 518) { m, v, u in
        ((m / 4) * 260 + v, (m % 4) * 260 + u)
    }
    /// LPD, file `[pulse, module, u, v]`.
    static let lpdFile = DocumentedGeometry(pixelSize: 0.5, distance: 275, beamRow: 518, beamColumn: 518) { m, u, v in
        ((m / 4) * 260 + v, (m % 4) * 260 + u)
    }
    /// JUNGFRAU `[cell, row(512), column(1024)]`, beam at (256, 512).
    static let jungfrau = DocumentedGeometry(pixelSize: 0.075, distance: 100, beamRow: 256, beamColumn: 512) { _, r, c in
        (r, c)
    }
}

/// A radial profile: mean value per q bin over the pixels of one pulse image.
struct RadialProfile {
    let binWidth: Double
    let sums: [Double]
    let counts: [Int]

    /// `values` and `qs` are per pixel, same order.
    init(values: [Float], qs: [Double], binWidth: Double, maxQ: Double) {
        let n = Int(maxQ / binWidth) + 1
        var sums = [Double](repeating: 0, count: n), counts = [Int](repeating: 0, count: n)
        for (v, q) in zip(values, qs) {
            let b = Int(q / binWidth)
            if b < n { sums[b] += Double(v); counts[b] += 1 }
        }
        self.binWidth = binWidth
        self.sums = sums
        self.counts = counts
    }

    func mean(_ b: Int, minimumCount: Int) -> Double? { counts[b] >= minimumCount ? sums[b] / Double(counts[b]) : nil }

    /// Centres of local maxima that rise more than `prominence` above `baseline`, over bins
    /// with at least `minimumCount` pixels.
    func peaks(baseline: Double, prominence: Double, minimumCount: Int) -> [Double] {
        var out: [Double] = []
        for b in 1..<(sums.count - 1) {
            guard let m = mean(b, minimumCount: minimumCount), m > baseline + prominence else { continue }
            let left = mean(b - 1, minimumCount: minimumCount) ?? -.infinity
            let right = mean(b + 1, minimumCount: minimumCount) ?? -.infinity
            if m >= left && m > right { out.append((Double(b) + 0.5) * binWidth) }
        }
        return out
    }
}
