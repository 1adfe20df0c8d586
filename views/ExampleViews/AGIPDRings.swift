import KaraboBridge
import Operators
import Synchronization
import Views

/// `agipd_rings`: the simulator's AGIPD (corrected) as one Swift view: dark recorded on command
/// (`record`), subtracted, pulses averaged, modules assembled, azimuthally integrated with the
/// simulator geometry (docs/simulator.md §4.3). A stateful view of the ordered (reduce) stage.
public final class AGIPDRings: ViewProcessor {
    let layout: PulseLayout
    let integrator: AzimuthalIntegrator
    let axis: Axis
    let state = Mutex<(recorder: DarkRecorder?, dark: DarkReference?)>((nil, nil))

    init(layout: PulseLayout, integrator: AzimuthalIntegrator) {
        self.layout = layout
        self.integrator = integrator
        axis = Axis(values: integrator.radial, label: "q", unit: "nm^-1")
    }

    public func process(_ inputs: ViewInputs) throws -> ViewValue? {
        var train = try DenseArray<Float>(pulsesFirst: try inputs.array("image"), layout: layout)
        let dark = try state.withLock { s throws -> DarkReference? in
            if var r = s.recorder {
                if try r.add(train) {
                    s.dark = try r.dark()
                    s.recorder = nil
                } else {
                    s.recorder = r
                }
            }
            return s.dark
        }
        if let dark { train = try dark.subtract(from: train) }
        let image = try SimulatorAssembly.assemble(try train.pulseMean(), detector: .agipd)
        return .vector(.float32(try integrator.integrate(image).intensity), x: axis, value: Axis(label: "intensity"))
    }

    public func control(_ action: String, _ arguments: [String: ParameterValue]) throws(ControlActionError) -> String {
        guard action == "record" else { throw ControlActionError("agipd_rings actions: record (trains)") }
        let n = arguments["trains"]?.int ?? 10
        do {
            let recorder = try DarkRecorder(trains: n)
            state.withLock { $0.recorder = recorder }
        } catch {
            throw ControlActionError("\(error)")
        }
        return "recording a dark of \(n) trains"
    }

    public static let spec = OperatorSpec(
        name: "agipd_rings", summary: "Simulator AGIPD: dark (record on command) subtracted, pulse mean, assembled, azimuthal integration in q.",
        inputs: [InputSpec("image", .array, help: "SPB_DET_AGIPD1M-1/CAL/APPEND_CORRECTED[image.data]")],
        parameters: [ParameterSpec("layout", .choice(PulseLayout.allCases.map(\.rawValue))),
                     ParameterSpec("bins", .int, default: .int(300)),
                     ParameterSpec("radial_range", .doubles, default: .list([.double(0.2), .double(2.6)]), help: "q, nm^-1")],
        stage: .reduce, output: .vector
    ) { p throws(ParameterProblem) in
        let range = p.doubles("radial_range")!
        guard range.count == 2, range[0] < range[1] else { throw ParameterProblem("radial_range must be [low, high]", parameter: "radial_range") }
        let geometry = DetectorGeometry(rows: 1052, columns: 1028, pixel1: 0.0002, pixel2: 0.0002, distance: 2.0,
                                        poni1: 0.1052, poni2: 0.1028, wavelength: 1.239841984e-9 / 9.3)
        do {
            let integrator = try AzimuthalIntegrator(geometry: geometry, configuration: .init(bins: p.int("bins")!, radialRange: range[0]...range[1]))
            return AGIPDRings(layout: PulseLayout(rawValue: p.string("layout")!)!, integrator: integrator)
        } catch {
            throw ParameterProblem("\(error)", parameter: "bins")
        }
    }
}
