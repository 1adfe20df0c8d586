import Foundation
import KaraboBridge
import Operators
import Synchronization

extension BuiltInOperators {
    /// `azimuthal_integration`: pyFAI `integrate1d` over a fixed geometry; the lookup table is
    /// built once at load time (and again when a connected `mask` input changes). The geometry
    /// is a CrystFEL `.geom` (`geometry:`, module data integrated from each pixel's 3-D position),
    /// a pyFAI `.poni` file (`poni:`), or a flat detector given by its parameters. One frame gives
    /// a vector (intensity vs radial unit); a stack of frames an image with one profile per row.
    static let azimuthalIntegration = OperatorSpec(
        name: "azimuthal_integration",
        summary: "1-D azimuthal integration (pyFAI integrate1d semantics, precomputed sparse table) over a .geom, a .poni or a flat detector.",
        inputs: [InputSpec("image", KindSet([.image, .array]), help: "a frame (rows, columns) or (modules, ss, fs) with a geometry file, or a stack of frames"),
                 InputSpec("mask", KindSet([.image, .array]), optional: true, help: "nonzero = excluded, frame shape; narrows the automatic range")],
        parameters: [
            ParameterSpec("geometry", .string, optional: true, help: "CrystFEL .geom file: integrate module data from the pixels' 3-D positions"),
            ParameterSpec("poni", .string, optional: true, help: "pyFAI .poni file of a flat detector"),
            ParameterSpec("rows", .int, optional: true, help: "detector rows (image axis 0)"),
            ParameterSpec("columns", .int, optional: true, help: "detector columns (image axis 1)"),
            ParameterSpec("pixel1", .double, optional: true, help: "pixel size along rows, m"),
            ParameterSpec("pixel2", .double, optional: true, help: "pixel size along columns, m"),
            ParameterSpec("distance", .double, optional: true, help: "sample–detector distance, m (with geometry: default clen)"),
            ParameterSpec("poni1", .double, optional: true, help: "PONI along rows, m from the corner"),
            ParameterSpec("poni2", .double, optional: true, help: "PONI along columns, m from the corner"),
            ParameterSpec("rot1", .double, default: .double(0), help: "pyFAI rotation about the vertical axis, rad"),
            ParameterSpec("rot2", .double, default: .double(0), help: "pyFAI rotation about the horizontal axis, rad"),
            ParameterSpec("rot3", .double, default: .double(0), help: "pyFAI rotation about the beam, rad"),
            ParameterSpec("wavelength", .double, optional: true, help: "m; needed for q units (with geometry: default from photon_energy)"),
            ParameterSpec("bins", .int, default: .int(200), help: "number of radial bins (npt)"),
            ParameterSpec("unit", .choice(RadialUnit.allCases.map(\.rawValue)), default: .string("q_nm^-1")),
            ParameterSpec("method", .choice(AzimuthalIntegrator.Method.allCases.map(\.rawValue)), default: .string("bbox_csr")),
            ParameterSpec("radial_range", .doubles, optional: true, help: "[low, high] in unit; automatic when absent"),
            ParameterSpec("solid_angle", .bool, default: .bool(true), help: "correct for the solid angle"),
            ParameterSpec("polarization", .double, optional: true, help: "polarization factor −1…1"),
        ],
        outputKind: { p, kinds in
            if p.string("geometry") != nil { return .any }
            return kinds["image"] == .array ? .image : (kinds["image"] == .any ? .any : .vector)
        }
    ) { p throws(ParameterProblem) in
        let source = try integrationSource(p)
        let configuration = try integrationConfiguration(p)
        let first = try makeIntegrator(source, configuration)
        let unit = configuration.unit
        let axis = Axis(values: first.radial, label: unit.rawValue.hasPrefix("q") ? "q" : unit.rawValue, unit: unit.rawValue)
        // The integrator for the mask last seen on the `mask` input.
        let current = Mutex<AzimuthalIntegrator>(first)
        return TrainFunction { inputs in
            var integrator = current.withLock { $0 }
            if inputs.values["mask"] != nil {
                let mask = PixelMask(try floats(inputs, "mask"))
                if integrator.configuration.mask != mask {
                    var c = configuration
                    c.mask = mask
                    integrator = try makeIntegrator(source, c)
                    current.withLock { $0 = integrator }
                }
            }
            let frames = try floats(inputs, "image")
            let axisForProfile = integrator === first ? axis : Axis(values: integrator.radial, label: axis.label, unit: axis.unit)
            if frames.rank == integrator.frameShape.count {
                let profile = try integrator.integrate(frames)
                return .vector(.float32(profile.intensity), x: axisForProfile, value: Axis(label: "intensity"))
            }
            let profiles = try integrator.integrateFrames(frames)
            let rows = profiles.flatMap(\.intensity)
            return .image(.float32(rows, shape: [profiles.count, integrator.bins]), x: axisForProfile, y: .index("frame"))
        }
    }

    /// What an integrator integrates over.
    enum IntegrationSource: Sendable, Equatable {
        case flat(DetectorGeometry)
        case panels(PanelIntegrationGeometry)
    }

    static func integrationSource(_ p: Parameters) throws(ParameterProblem) -> IntegrationSource {
        if let path = p.string("geometry") {
            guard p.string("poni") == nil else { throw ParameterProblem("give geometry or poni, not both", parameter: "poni") }
            do {
                let panels = try PanelGeometry.load(crystFEL: path)
                return .panels(try PanelIntegrationGeometry(panels: panels, distance: p.double("distance"), wavelength: p.double("wavelength")))
            } catch let error as GeometryError {
                throw ParameterProblem("\(error)", parameter: "geometry")
            } catch {
                throw ParameterProblem("\(path): \(error)", parameter: "distance")
            }
        }
        var geometry: DetectorGeometry
        if let path = p.string("poni") {
            do { geometry = try DetectorGeometry.load(poni: path, rows: p.int("rows"), columns: p.int("columns")) } catch {
                throw ParameterProblem("\(error)", parameter: "poni")
            }
            if let w = p.double("wavelength") { geometry.wavelength = w }
            if let d = p.double("distance") { geometry.distance = d }
        } else {
            for name in ["rows", "columns", "pixel1", "pixel2", "distance", "poni1", "poni2"] where p[name] == nil {
                throw ParameterProblem("give \(name) (or a geometry or poni file)", parameter: name)
            }
            geometry = DetectorGeometry(rows: p.int("rows")!, columns: p.int("columns")!, pixel1: p.double("pixel1")!,
                                        pixel2: p.double("pixel2")!, distance: p.double("distance")!,
                                        poni1: p.double("poni1")!, poni2: p.double("poni2")!,
                                        rot1: p.double("rot1")!, rot2: p.double("rot2")!, rot3: p.double("rot3")!,
                                        wavelength: p.double("wavelength"))
        }
        return .flat(geometry)
    }

    static func integrationConfiguration(_ p: Parameters) throws(ParameterProblem) -> AzimuthalIntegrator.Configuration {
        var range: ClosedRange<Double>?
        if let r = p.doubles("radial_range") {
            guard r.count == 2, r[0] < r[1] else { throw ParameterProblem("radial_range must be [low, high] with low < high", parameter: "radial_range") }
            range = r[0]...r[1]
        }
        return AzimuthalIntegrator.Configuration(
            bins: p.int("bins")!, unit: RadialUnit(rawValue: p.string("unit")!)!,
            method: AzimuthalIntegrator.Method(rawValue: p.string("method")!)!, radialRange: range,
            correctSolidAngle: p.bool("solid_angle")!, polarizationFactor: p.double("polarization"))
    }

    static func makeIntegrator(_ source: IntegrationSource, _ configuration: AzimuthalIntegrator.Configuration)
        throws(ParameterProblem) -> AzimuthalIntegrator
    {
        func matches(_ i: AzimuthalIntegrator) -> Bool {
            guard i.configuration == configuration else { return false }
            switch source {
            case let .flat(g): return i.geometry == g
            case let .panels(g): return i.panelGeometry == g
            }
        }
        if let cached = integratorCache.withLock({ cache in cache.first(where: matches) }) { return cached }
        do {
            let built: AzimuthalIntegrator
            switch source {
            case let .flat(g): built = try AzimuthalIntegrator(geometry: g, configuration: configuration)
            case let .panels(g): built = try AzimuthalIntegrator(panels: g, configuration: configuration)
            }
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
