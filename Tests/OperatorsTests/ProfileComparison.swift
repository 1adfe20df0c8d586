import Operators
import Testing

/// A reference `integrate1d` result and the tolerances to compare against it (README §7 of
/// the reference cases).
struct ReferenceProfile {
    var radial: [Double]
    var intensity: [Double]
    var sumSignal: [Double]
    var sumNormalization: [Double]
    var count: [Double]
    /// max|r − ref| / max|ref|: 1e-12 without splitting, 1e-7 with bbox splitting.
    var radialRtol: Double
    /// |I − ref| ≤ rtol·|ref| + atolFrac·max|ref| (rtol 1e-5, atolFrac 1e-6).
    var intensityRtol: Double
    var intensityAtolFrac: Double
    /// Exact counts without splitting (`nil`); |C − ref| / max(ref, 1) ≤ rtol with bbox (1e-4).
    var countRtol: Double?

    /// The manifest's tolerances for a method, as the reference cases state them per engine.
    static func tolerances(splitting: Bool) -> (radial: Double, intensity: Double, atolFrac: Double, count: Double?) {
        (splitting ? 1e-7 : 1e-12, 1e-5, 1e-6, splitting ? 1e-4 : nil)
    }

    /// Records an issue per failed comparison; returns a one-line summary of the errors.
    func check(_ result: AzimuthalProfile, _ id: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        #expect(result.radial.count == radial.count, "\(id): \(result.radial.count) bins, reference \(radial.count)",
                sourceLocation: sourceLocation)
        guard result.radial.count == radial.count else { return "\(id): bin count differs" }
        let radialErr = Tolerance.relativeToMax(result.radial, radial)
        #expect(radialErr <= radialRtol, "\(id) radial \(radialErr) > \(radialRtol)", sourceLocation: sourceLocation)

        let maxRef = intensity.reduce(0) { max($0, abs($1)) }
        let intensityExcess = Tolerance.excess(result.intensity.doubles, intensity, rtol: intensityRtol,
                                               atol: intensityAtolFrac * maxRef)
        #expect(intensityExcess <= 1, "\(id) intensity error is \(intensityExcess)× the tolerance",
                sourceLocation: sourceLocation)
        // Empty bins (no valid pixel) exactly where pyFAI has them.
        #expect(zip(result.sumNormalization, sumNormalization).allSatisfy { ($0 == 0) == ($1 == 0) },
                "\(id) empty bins differ", sourceLocation: sourceLocation)
        // The intensity's numerator and denominator, with the intensity's relative tolerance.
        let signalExcess = Tolerance.excess(result.sumSignal, sumSignal, rtol: intensityRtol, atol: 0)
        let normExcess = Tolerance.excess(result.sumNormalization, sumNormalization, rtol: intensityRtol, atol: 0)
        #expect(signalExcess <= 1 && normExcess <= 1, "\(id) sums: signal \(signalExcess), norm \(normExcess)",
                sourceLocation: sourceLocation)

        let countErr: Double
        if let countRtol {
            countErr = Tolerance.relativeToOne(result.count, count)
            #expect(countErr <= countRtol, "\(id) count \(countErr) > \(countRtol)", sourceLocation: sourceLocation)
        } else {
            countErr = Tolerance.maxAbs(result.count, count)
            #expect(countErr == 0, "\(id) count differs by \(countErr)", sourceLocation: sourceLocation)
        }
        return "\(id): radial \(radialErr) (rtol \(radialRtol)), intensity \(intensityExcess) of tolerance, "
            + "sums \(max(signalExcess, normExcess)) of tolerance, count \(countErr)"
    }
}
