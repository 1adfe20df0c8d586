import Foundation
import KaraboBridge
import Operators
import Synchronization

extension BuiltInOperators {
    /// `azimuthal_integration`: pyFAI `integrate1d` over a fixed flat geometry; the lookup table
    /// is built once at load time. An image gives a vector (intensity vs radial unit); a stack
    /// `(…, rows, columns)` gives an image with one profile per row.
    static let azimuthalIntegration = OperatorSpec(
        name: "azimuthal_integration",
        summary: "1-D azimuthal integration (pyFAI integrate1d semantics, precomputed sparse table).",
        inputs: [InputSpec("image", KindSet([.image, .array]), help: "an image (rows, columns) or a stack (…, rows, columns)")],
        parameters: [
            ParameterSpec("rows", .int, help: "detector rows (image axis 0)"),
            ParameterSpec("columns", .int, help: "detector columns (image axis 1)"),
            ParameterSpec("pixel1", .double, help: "pixel size along rows, m"),
            ParameterSpec("pixel2", .double, help: "pixel size along columns, m"),
            ParameterSpec("distance", .double, help: "sample–detector distance, m"),
            ParameterSpec("poni1", .double, help: "PONI along rows, m from the corner"),
            ParameterSpec("poni2", .double, help: "PONI along columns, m from the corner"),
            ParameterSpec("wavelength", .double, optional: true, help: "m; needed for q units"),
            ParameterSpec("bins", .int, default: .int(200), help: "number of radial bins (npt)"),
            ParameterSpec("unit", .choice(RadialUnit.allCases.map(\.rawValue)), default: .string("q_nm^-1")),
            ParameterSpec("method", .choice(AzimuthalIntegrator.Method.allCases.map(\.rawValue)), default: .string("bbox_csr")),
            ParameterSpec("radial_range", .doubles, optional: true, help: "[low, high] in unit; automatic when absent"),
            ParameterSpec("solid_angle", .bool, default: .bool(true), help: "correct for the solid angle"),
            ParameterSpec("polarization", .double, optional: true, help: "polarization factor −1…1"),
        ],
        outputKind: { _, kinds in kinds["image"] == .array ? .image : (kinds["image"] == .any ? .any : .vector) }
    ) { p throws(ParameterProblem) in
        let integrator = try makeIntegrator(p)
        let unit = RadialUnit(rawValue: p.string("unit")!)!
        let axis = Axis(values: integrator.radial, label: unit.rawValue.hasPrefix("q") ? "q" : unit.rawValue, unit: unit.rawValue)
        return TrainFunction { inputs in
            let frames = try floats(inputs, "image")
            if frames.rank == 2 {
                let profile = try integrator.integrate(frames)
                return .vector(.float32(profile.intensity), x: axis, value: Axis(label: "intensity"))
            }
            let profiles = try integrator.integrateFrames(frames)
            let rows = profiles.flatMap(\.intensity)
            return .image(.float32(rows, shape: [profiles.count, integrator.bins]), x: axis, y: .index("frame"))
        }
    }

    static func makeIntegrator(_ p: Parameters) throws(ParameterProblem) -> AzimuthalIntegrator {
        let geometry = DetectorGeometry(rows: p.int("rows")!, columns: p.int("columns")!, pixel1: p.double("pixel1")!,
                                        pixel2: p.double("pixel2")!, distance: p.double("distance")!,
                                        poni1: p.double("poni1")!, poni2: p.double("poni2")!, wavelength: p.double("wavelength"))
        var range: ClosedRange<Double>?
        if let r = p.doubles("radial_range") {
            guard r.count == 2, r[0] < r[1] else { throw ParameterProblem("radial_range must be [low, high] with low < high", parameter: "radial_range") }
            range = r[0]...r[1]
        }
        let configuration = AzimuthalIntegrator.Configuration(
            bins: p.int("bins")!, unit: RadialUnit(rawValue: p.string("unit")!)!,
            method: AzimuthalIntegrator.Method(rawValue: p.string("method")!)!, radialRange: range,
            correctSolidAngle: p.bool("solid_angle")!, polarizationFactor: p.double("polarization"))
        if let cached = integratorCache.withLock({ cache in cache.first { $0.geometry == geometry && $0.configuration == configuration } }) {
            return cached
        }
        do {
            let built = try AzimuthalIntegrator(geometry: geometry, configuration: configuration)
            integratorCache.withLock { cache in
                cache.insert(built, at: 0)
                if cache.count > 4 { cache.removeLast() }
            }
            return built
        } catch {
            throw ParameterProblem("\(error)")
        }
    }

    /// Recently built integrators: reloads that keep a geometry do not rebuild its table.
    static let integratorCache = Mutex<[AzimuthalIntegrator]>([])
}
