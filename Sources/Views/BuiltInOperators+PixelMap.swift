import Operators

extension BuiltInOperators {
    /// `pixel_map`: a per-pixel map of a CrystFEL `.geom` geometry in data order (the frame
    /// shape, e.g. `(16, 512, 128)`): radius, q, 2θ, azimuth, solid angle or polarization. Computed
    /// once at load time and emitted for each train whose `input` has frames of that shape, so
    /// that views can combine it with data (e.g. masks by q range).
    static let pixelMap = OperatorSpec(
        name: "pixel_map",
        summary: "Per-pixel radius, q, 2θ, azimuth, solid angle or polarization of a .geom geometry, in data order.",
        inputs: [InputSpec("input", .array, help: "module data (…, modules, ss, fs): its frame shape is checked, its values unused")],
        parameters: [
            ParameterSpec("geometry", .string, help: "CrystFEL .geom file"),
            ParameterSpec("map", .choice(["radius", "q", "2theta", "azimuth", "solid_angle", "polarization"]),
                          help: "radius (m), q (nm⁻¹), 2theta (rad), azimuth χ (rad), solid_angle (cos³), polarization"),
            ParameterSpec("distance", .double, optional: true, help: "m; default clen"),
            ParameterSpec("wavelength", .double, optional: true, help: "m; default from photon_energy"),
            ParameterSpec("polarization", .double, default: .double(0.99), help: "polarization factor for map: polarization"),
        ],
        output: .any
    ) { p throws(ParameterProblem) in
        let map: DenseArray<Float>
        let frameShape: [Int]
        do {
            let panels = try PanelGeometry.load(crystFEL: p.string("geometry")!)
            frameShape = panels.dataShape
            if p.string("map") == "radius" {
                map = try DenseArray(shape: frameShape, values: panels.radiusMap().map { Float($0) })
            } else {
                let placed = try PanelIntegrationGeometry(panels: panels, distance: p.double("distance"), wavelength: p.double("wavelength"))
                switch p.string("map") {
                case "q": map = try placed.radialMap(unit: .qPerNanometre).converted(to: Float.self)
                case "2theta": map = try placed.radialMap(unit: .twoThetaRadians).converted(to: Float.self)
                case "azimuth": map = try placed.azimuthMap().converted(to: Float.self)
                case "solid_angle": map = try placed.solidAngleMap()
                default: map = try placed.polarizationMap(factor: p.double("polarization")!)
                }
            }
        } catch let error as GeometryError {
            throw ParameterProblem("\(error)", parameter: "geometry")
        } catch {
            throw ParameterProblem("\(error)", parameter: "map")
        }
        let array = map.ndarray
        return TrainFunction { inputs in
            let shape = try inputs.array("input").shape
            guard shape.count >= frameShape.count, Array(shape.suffix(frameShape.count)) == frameShape else {
                throw OperatorError.shapeMismatch(expected: frameShape, actual: shape)
            }
            return .wrapping(array)
        }
    }
}
