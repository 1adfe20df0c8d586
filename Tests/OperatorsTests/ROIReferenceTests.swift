import Operators
import Testing
import TestSupport

/// ROI clipping, statistics and projections from `../shared/refcases/roi` (README §6, §7):
/// sums, means, std and projections rtol 1e-9 (projections relative to max|ref|); min, max,
/// median exact.
@Suite struct ROIReferenceTests {
    static let caseIDs = ["roi/inside", "roi/left_clipped", "roi/bottom_right_clipped", "roi/outside", "roi/full"]

    @Test func everyROICaseIsCovered() throws {
        let refs = try ReferenceCases.load()
        let ids = refs.manifest["cases"]?.array?.compactMap { c -> String? in
            c["kind"]?.string == "roi_stats" ? c["id"]?.string : nil
        } ?? []
        #expect(Set(ids) == Set(Self.caseIDs))
    }

    @Test(arguments: caseIDs)
    func matchesNumpy(_ id: String) throws {
        let refs = try ReferenceCases.load()
        let c = try refs.case(id)
        let image = try refs.dense(try need(c["inputs"]?["image"]?.string, "image"), as: Float.self)
        let params = try need(c["params"], "params")
        let req = try need(params["roi_xywh_requested"]?.array?.compactMap(\.int), "roi_xywh_requested")
        let clippedRef = try need(params["roi_xywh_clipped"]?.array?.compactMap(\.int), "roi_xywh_clipped")
        let roi = RegionOfInterest(x: req[0], y: req[1], width: req[2], height: req[3])
        let scalars = try need(c["scalars"], "scalars")

        if scalars["empty"]?.bool == true {
            #expect(roi.clipped(rows: image.shape[0], columns: image.shape[1]) == nil)
            #expect(try image.statistics(in: roi) == nil)
            #expect(try image.median(in: roi) == nil)
            #expect(try image.projection(.x, .sum, in: roi) == nil)
            #expect(try image.cropped(to: roi) == nil)
            print("REFCASE \(id): empty ROI gives no value")
            return
        }
        let clipped = try need(roi.clipped(rows: image.shape[0], columns: image.shape[1]), "a clipped ROI")
        #expect([clipped.x, clipped.y, clipped.width, clipped.height] == clippedRef)

        let rtol = try need(c["tolerance"]?["sum_mean_proj"]?["rtol"]?.double, "sum_mean_proj rtol")
        let stats = try need(try image.statistics(in: roi), "statistics")
        #expect(stats.validCount == scalars["n_valid"]?.int)
        func rel(_ got: Double, _ key: String) throws -> Double {
            let ref = try need(scalars[key]?.double, key)
            return abs(got - ref) / abs(ref)
        }
        let errors = [try rel(stats.sum, "sum_f64"), try rel(stats.mean, "mean_f64"),
                      try rel(stats.standardDeviation, "std_f64_ddof0")]
        #expect(errors.allSatisfy { $0 <= rtol }, "\(id) sum/mean/std relative errors \(errors)")
        #expect(stats.minimum == scalars["min"]?.double)
        #expect(stats.maximum == scalars["max"]?.double)
        #expect(try image.median(in: roi) == scalars["median"]?.double)

        var projectionErrors: [Double] = []
        for (axis, reduction, key) in [(ProjectionAxis.x, ProjectionReduction.sum, "proj_x_sum"),
                                       (.y, .sum, "proj_y_sum"), (.x, .mean, "proj_x_mean"), (.y, .mean, "proj_y_mean")] {
            let got = try need(try image.projection(axis, reduction, in: roi), key)
            let ref = try refs.doubles(try need(c["outputs"]?[key]?.string, key))
            #expect(got.count == ref.count)
            #expect(zip(got, ref).allSatisfy { $0.isNaN == $1.isNaN }, "\(id) \(key): NaN positions differ")
            let err = Tolerance.relativeToMax(got.map { $0.isNaN ? 0 : $0 }, ref.map { $0.isNaN ? 0 : $0 })
            #expect(err <= rtol, "\(id) \(key): \(err)")
            projectionErrors.append(err)
        }
        print("REFCASE \(id): sum/mean/std \(errors), projections \(projectionErrors) (rtol \(rtol)); min/max/median exact")
    }
}
