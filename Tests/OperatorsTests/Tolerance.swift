/// Error measures the reference cases define their tolerances with.
enum Tolerance {
    /// max |got − ref| / max |ref| (the manifest's rule for radial positions and projections).
    static func relativeToMax(_ got: [Double], _ ref: [Double]) -> Double {
        precondition(got.count == ref.count, "length \(got.count) vs \(ref.count)")
        let scale = ref.reduce(0) { max($0, abs($1)) }
        let worst = zip(got, ref).reduce(0) { max($0, abs($1.0 - $1.1)) }
        return scale == 0 ? worst : worst / scale
    }

    /// Largest ratio |got − ref| / (rtol·|ref| + atol): ≤ 1 means within tolerance.
    /// NaN must match NaN; a NaN on one side only gives infinity.
    static func excess(_ got: [Double], _ ref: [Double], rtol: Double, atol: Double) -> Double {
        precondition(got.count == ref.count, "length \(got.count) vs \(ref.count)")
        var worst = 0.0
        for (g, r) in zip(got, ref) {
            if g.isNaN || r.isNaN {
                if g.isNaN != r.isNaN { return .infinity }
                continue
            }
            let limit = rtol * abs(r) + atol
            let d = abs(g - r)
            if d == 0 { continue }
            worst = max(worst, limit == 0 ? .infinity : d / limit)
        }
        return worst
    }

    /// max |got − ref|, NaN positions required to agree (else infinity).
    static func maxAbs(_ got: [Double], _ ref: [Double]) -> Double {
        precondition(got.count == ref.count, "length \(got.count) vs \(ref.count)")
        var worst = 0.0
        for (g, r) in zip(got, ref) {
            if g.isNaN || r.isNaN {
                if g.isNaN != r.isNaN { return .infinity }
                continue
            }
            worst = max(worst, abs(g - r))
        }
        return worst
    }

    /// max |got − ref| / max(|ref|, 1) (the manifest's rule for bbox counts).
    static func relativeToOne(_ got: [Double], _ ref: [Double]) -> Double {
        zip(got, ref).reduce(0) { max($0, abs($1.0 - $1.1) / max(abs($1.1), 1)) }
    }
}

extension Array where Element == Float {
    var doubles: [Double] { map(Double.init) }
}
