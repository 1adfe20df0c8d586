import KaraboBridge
import Operators

extension BuiltInOperators {
    /// `pump_probe`: laser-on minus laser-off. Modes: `laser_flag` (input `laser`, a per-train
    /// flag: nonzero = on; a train pairs with the pending one of the other state), `even_on` /
    /// `odd_on` (by train ID parity, the off train is the next ID), `pulses` (`on` and `off`
    /// pulse selections of one pulses-first train, each averaged).
    static let pumpProbe = OperatorSpec(
        name: "pump_probe", summary: "Laser-on minus laser-off (by flag, train parity or pulse pattern); on, off or difference.",
        inputs: [InputSpec("input", KindSet([.scalar, .array]), help: "the data (pulses first in `pulses` mode)"),
                 InputSpec("laser", KindSet([.scalar, .any]), optional: true, help: "laser state per train (laser_flag mode)")],
        parameters: [ParameterSpec("mode", .choice(["laser_flag", "even_on", "odd_on", "pulses"])),
                     ParameterSpec("on", .string, optional: true, help: "pulses mode: on pulses, e.g. \"1::2\""),
                     ParameterSpec("off", .string, optional: true, help: "pulses mode: off pulses, e.g. \"0::2\""),
                     ParameterSpec("output", .choice(["difference", "on", "off"]), default: .string("difference"))],
        stage: .reduce,
        outputKind: { p, kinds in p.string("mode") == "pulses" ? .array : (kinds["input"] ?? .any) }
    ) { p throws(ParameterProblem) in
        let mode: PumpProbe<Float>.Mode
        switch p.string("mode")! {
        case "laser_flag": mode = .laserFlag
        case "even_on": mode = .trainParity(onEven: true)
        case "odd_on": mode = .trainParity(onEven: false)
        default:
            guard p["on"] != nil, p["off"] != nil else { throw ParameterProblem("pulses mode needs `on` and `off` selections", parameter: "on") }
            mode = .pulsePattern(on: try selection(p, "on"), off: try selection(p, "off"))
        }
        if p.string("mode") != "pulses", p["on"] != nil || p["off"] != nil {
            throw ParameterProblem("`on` and `off` apply to pulses mode only", parameter: "on")
        }
        let output = p.string("output")!
        let flagged = p.string("mode") == "laser_flag"
        return StatefulFunction(initial: PumpProbe<Float>(mode: mode)) { pp, inputs in
            let input = try inputs.value("input")
            let data: DenseArray<Float>
            if case let .scalar(v) = input { data = try DenseArray(shape: [1], values: [Float(v)]) } else { data = try floats(inputs, "input") }
            var laser: Bool?
            if flagged {
                guard let v = inputs["laser"] else { throw ViewInputError.missing(input: "laser") }
                guard let d = v.double else { throw ViewInputError.wrongKind(input: "laser", expected: "a flag", got: v.kind) }
                laser = d != 0
            }
            guard let r = try pp.add(data, trainID: inputs.trainID, laserOn: laser) else { return nil }
            let picked = output == "on" ? r.on : (output == "off" ? r.off : r.difference)
            if case .scalar = input { return .scalar(Double(picked.values[0])) }
            return isPulses(mode) ? .wrapping(picked.ndarray) : sameKind(picked.ndarray, like: input)
        }
    }

    static func isPulses(_ mode: PumpProbe<Float>.Mode) -> Bool {
        if case .pulsePattern = mode { return true }
        return false
    }
}
