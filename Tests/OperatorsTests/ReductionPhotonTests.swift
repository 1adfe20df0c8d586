import Operators
import Testing

/// Greedy-guess photons (smalldata_tools' `droplet2Photons`) on hand-made droplets, against
/// the method as documented in `../shared/docs/reductions.md` §2.2 (the worked example of
/// §2.5 was run with smalldata_tools itself), and `sparsify` on the same frame.
@Suite struct ReductionPhotonTests {
    /// The 8×10 frame of §2.5.
    static func worked() throws -> DenseArray<Float> {
        var v = [Float](repeating: 0, count: 80)
        for ((r, c), x) in [((1, 1), 95), ((1, 2), 8), ((2, 2), 20), ((4, 3), 130), ((4, 4), 150), ((4, 5), 40), ((5, 4), 60), ((6, 8), 30)] {
            v[r * 10 + c] = Float(x)
        }
        return try DenseArray(shape: [8, 10], values: v)
    }

    static func close(_ got: [Photon], _ want: [(Double, Double)]) -> Bool {
        got.count == want.count && zip(got, want).allSatisfy { abs($0.row - $1.0) < 1e-12 && abs($0.column - $1.1) < 1e-12 }
    }

    @Test func workedExample() throws {
        let converter = try PhotonConverter(aduPerPhoton: 100, droplets: try DropletFinder(threshold: 10))
        let photons = try converter.photons(in: try Self.worked())
        // 95 → one photon at (1, 1); 20 and 30 → none; 380 → (4,3), (4,4) whole, then (4.6, 4), (4, 4.4).
        #expect(Self.close(photons, [(1, 1), (4, 3), (4, 4), (4.6, 4), (4, 4.4)]), "\(photons)")
    }

    @Test func singlePixelAndCentroidDroplets() throws {
        var v = [Float](repeating: 0, count: 64)
        v[1 * 8 + 1] = 250                      // one pixel, n = ⌊2.5 + ½⌋ = 3 → all on the pixel
        v[5 * 8 + 5] = 100; v[5 * 8 + 6] = 40   // E = 140 → n = 1 at the centroid (5, 5 + 40/140)
        v[3 * 8 + 6] = 40                       // E = 40 < a/2 → none
        let converter = try PhotonConverter(aduPerPhoton: 100, droplets: try DropletFinder(threshold: 10))
        let photons = try converter.photons(in: try DenseArray(shape: [8, 8], values: v))
        #expect(Self.close(photons, [(5, 5 + 40.0 / 140), (1, 1), (1, 1), (1, 1)]), "\(photons)")
    }

    @Test func greedyNeighbourChoice() throws {
        // (2,2) = 160, (2,3) = 90: E = 250, n = 3. Whole: (2,2). Remainders 0.6, 0.9:
        // 0.9 at (2,3), t = 0.1, best neighbour left (0.6) → (2, 2.9), left drops to 0.5;
        // 0.5 at (2,2), t = 0.5, no neighbour above 0 → right → (2, 2.5).
        var v = [Float](repeating: 0, count: 36)
        v[2 * 6 + 2] = 160
        v[2 * 6 + 3] = 90
        let converter = try PhotonConverter(aduPerPhoton: 100, droplets: try DropletFinder(threshold: 10))
        let photons = try converter.photons(in: try DenseArray(shape: [6, 6], values: v))
        #expect(Self.close(photons, [(2, 2), (2, 2.9), (2, 2.5)]), "\(photons)")
        #expect(throws: OperatorError.self) { try PhotonConverter(aduPerPhoton: 0, droplets: try DropletFinder(threshold: 1)) }
    }

    @Test func sparsify() throws {
        let all = try SparseImage(try Self.worked())
        #expect(all.count == 8 && all.rows == [1, 1, 2, 4, 4, 4, 5, 6] && all.columns == [1, 2, 2, 3, 4, 5, 4, 8])
        #expect(all.values == [95, 8, 20, 130, 150, 40, 60, 30])
        let capped = try SparseImage(try Self.worked(), cap: 3)
        #expect(capped.count == 8 && capped.rows == [1, 1, 2] && capped.values == [95, 8, 20])
        let padded = try SparseImage(try Self.worked(), cap: 10)
        #expect(padded.rows.count == 10 && padded.values.suffix(2) == [0, 0] && padded.count == 8)
    }
}
