import KaraboBridge
import Views

/// `xgm_vs_motor`: the last `history` (motor position, XGM energy) pairs as points, a stateful
/// view of the ordered (reduce) stage. Written with the Swift view API.
public enum XGMVersusMotor {
    struct History: Sendable {
        var x: [Double] = []
        var y: [Double] = []
    }

    public static let spec = OperatorSpec(
        name: "xgm_vs_motor", summary: "The last N (motor, XGM energy) pairs, as points.",
        inputs: [InputSpec("motor", .scalar, help: "motor position"), InputSpec("energy", .scalar, help: "XGM pulse energy")],
        parameters: [ParameterSpec("history", .int, default: .int(500), help: "pairs kept"),
                     ParameterSpec("motor_unit", .string, default: .string("mm")),
                     ParameterSpec("energy_unit", .string, default: .string("uJ"))],
        stage: .reduce, output: .points
    ) { p throws(ParameterProblem) in
        let keep = p.int("history")!
        guard keep > 0 else { throw ParameterProblem("history must be positive", parameter: "history") }
        let xAxis = Axis(label: "motor", unit: p.string("motor_unit")!)
        let yAxis = Axis(label: "XGM energy", unit: p.string("energy_unit")!)
        return StatefulFunction(initial: History()) { h, inputs in
            h.x.append(try inputs.scalar("motor"))
            h.y.append(try inputs.scalar("energy"))
            if h.x.count > keep {
                h.x.removeFirst(h.x.count - keep)
                h.y.removeFirst(h.y.count - keep)
            }
            return .points(x: .float64(h.x), y: .float64(h.y), xAxis: xAxis, yAxis: yAxis)
        }
    }
}
