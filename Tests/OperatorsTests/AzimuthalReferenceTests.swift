import Foundation
import Operators
import Testing
import TestSupport

/// pyFAI `integrate1d` reference cases from `../shared/refcases/ai` (README §3, tolerances §7).
@Suite struct AzimuthalReferenceTests {
    static let caseIDs = [
        "ai/qnm_nosplit_histogram_nomask_nosa", "ai/qnm_nosplit_histogram_nomask_sa",
        "ai/qnm_nosplit_histogram_mask_nosa", "ai/qnm_nosplit_histogram_mask_sa",
        "ai/qnm_nosplit_csr_nomask_nosa", "ai/qnm_nosplit_csr_nomask_sa",
        "ai/qnm_nosplit_csr_mask_nosa", "ai/qnm_nosplit_csr_mask_sa",
        "ai/qnm_bbox_csr_nomask_nosa", "ai/qnm_bbox_csr_nomask_sa",
        "ai/qnm_bbox_csr_mask_nosa", "ai/qnm_bbox_csr_mask_sa",
        "ai/qnm_nosplit_histogram_nan_nosa", "ai/qnm_nosplit_csr_nan_nosa", "ai/qnm_bbox_csr_nan_nosa",
    ]

    /// The geometry every `ai/` case shares (manifest `ai_geometry`).
    static func geometry(_ refs: ReferenceCases) throws -> DetectorGeometry {
        let g = try need(refs.manifest["ai_geometry"], "ai_geometry")
        let shape = try need(g["shape"]?.array?.compactMap(\.int), "shape")
        return DetectorGeometry(rows: shape[0], columns: shape[1],
                                pixel1: try need(g["pixel1_m"]?.double, "pixel1_m"), pixel2: try need(g["pixel2_m"]?.double, "pixel2_m"),
                                distance: try need(g["dist_m"]?.double, "dist_m"),
                                poni1: try need(g["poni1_m"]?.double, "poni1_m"), poni2: try need(g["poni2_m"]?.double, "poni2_m"),
                                rot1: try need(g["rot1"]?.double, "rot1"), rot2: try need(g["rot2"]?.double, "rot2"),
                                rot3: try need(g["rot3"]?.double, "rot3"), wavelength: try need(g["wavelength_m"]?.double, "wavelength_m"))
    }

    static func method(_ triple: [String]) throws -> AzimuthalIntegrator.Method {
        let found = AzimuthalIntegrator.Method.allCases.first {
            let m = $0.pyFAIMethod
            return [m.0, m.1, m.2] == triple
        }
        return try need(found, "a method for \(triple)")
    }

    @Test func everyAzimuthalCaseIsCovered() throws {
        let refs = try ReferenceCases.load()
        let ids = refs.manifest["cases"]?.array?.compactMap { c -> String? in
            c["kind"]?.string == "azimuthal_integration_1d" ? c["id"]?.string : nil
        } ?? []
        #expect(Set(ids) == Set(Self.caseIDs))
    }

    @Test(arguments: caseIDs)
    func matchesPyFAI(_ id: String) throws {
        let refs = try ReferenceCases.load()
        let c = try refs.case(id)
        let params = try need(c["params"], "params")
        let image = try refs.dense(try need(c["inputs"]?["image"]?.string, "inputs/image"), as: Float.self)
        var mask: PixelMask?
        if let maskName = c["inputs"]?["mask"]?.string {
            let (shape, flags) = try refs.uint8(maskName)
            mask = try PixelMask(shape: shape, flags: flags)
        }
        let unit = try need(RadialUnit(rawValue: try need(params["unit"]?.string, "unit")), "a known unit")
        let method = try Self.method(try need(params["pyfai_method"]?.array?.compactMap(\.string), "pyfai_method"))
        #expect(params["radial_range"] == .null && params["polarization_factor"] == .null)
        let config = AzimuthalIntegrator.Configuration(
            bins: try need(params["npt"]?.int, "npt"), unit: unit, method: method,
            correctSolidAngle: try need(params["correctSolidAngle"]?.bool, "correctSolidAngle"), mask: mask)
        let integrator = try AzimuthalIntegrator(geometry: try Self.geometry(refs), configuration: config)
        let result = try integrator.integrate(image)

        let outputs = try need(c["outputs"], "outputs")
        let tolerance = try need(c["tolerance"], "tolerance")
        func values(_ role: String) throws -> [Double] {
            let name = try need(outputs[role]?.string, role)
            return role == "intensity" ? try refs.floats(name).doubles : try refs.doubles(name)
        }
        let reference = ReferenceProfile(
            radial: try values("radial"), intensity: try values("intensity"), sumSignal: try values("sum_signal"),
            sumNormalization: try values("sum_normalization"), count: try values("count"),
            radialRtol: try need(tolerance["radial"]?["rtol"]?.double, "radial/rtol"),
            intensityRtol: try need(tolerance["intensity"]?["rtol"]?.double, "intensity/rtol"),
            intensityAtolFrac: try need(tolerance["intensity"]?["atol_frac_of_max"]?.double, "intensity/atol_frac_of_max"),
            countRtol: tolerance["count"]?["rtol"]?.double)
        if reference.countRtol == nil { #expect(tolerance["count"]?["atol"]?.double == 0) }
        // The manifest's tolerances are the ones the peer cases use for the same engines.
        let stated = ReferenceProfile.tolerances(splitting: method.pyFAIMethod.0 == "bbox")
        #expect(stated.radial == reference.radialRtol && stated.count == reference.countRtol)
        print("REFCASE " + reference.check(result, id))
    }
}
