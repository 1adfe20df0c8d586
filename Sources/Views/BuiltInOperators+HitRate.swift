import KaraboBridge
import Operators

extension BuiltInOperators {
    /// The per-frame hit flags of a `peakfinder8` result (its `hit` entry), or nil.
    static func hitFlags(_ value: ViewValue) -> [Bool]? {
        guard case let .points(_, _, _, _, columns) = value, let hit = columns["hit"] else { return nil }
        switch hit {
        case let .bool(b): return [b]
        case let .array(a): return a.doubles()?.map { $0 != 0 }
        default: return hit.double.map { [$0 != 0] }
        }
    }

    /// `hit_rate`: the fraction of hit frames (trains, or pulses for per-pulse peak lists) among
    /// the last `window` frames.
    static let hitRate = OperatorSpec(
        name: "hit_rate", summary: "Fraction of hits among the last N frames (trains or pulses) of a peakfinder8 view.",
        inputs: [InputSpec("peaks", .points, help: "a peakfinder8 view")],
        parameters: [ParameterSpec("window", .int, default: .int(1000), help: "frames (trains or pulses) in the average")],
        stage: .reduce, output: .scalar
    ) { p throws(ParameterProblem) in
        let window = p.int("window")!
        guard window > 0 else { throw ParameterProblem("window must be positive", parameter: "window") }
        return StatefulFunction(initial: HitWindow(capacity: window)) { state, inputs in
            guard let flags = hitFlags(try inputs.value("peaks")) else {
                throw OperatorError.invalidParameter(name: "peaks", reason: "input has no `hit` entry (use a peakfinder8 view)")
            }
            for f in flags { state.add(f) }
            return state.count == 0 ? nil : .scalar(state.rate)
        }
    }

    /// `hit`: the number of hit frames of a peak list, or no value (gating dependents) when
    /// there is none.
    static let hit = OperatorSpec(
        name: "hit", summary: "Number of hit frames of a peakfinder8 view; no value (gates dependents) without a hit.",
        inputs: [InputSpec("peaks", .points, help: "a peakfinder8 view")], stage: .train, output: .scalar
    ) { _ throws(ParameterProblem) in
        TrainFunction { inputs in
            guard let flags = hitFlags(try inputs.value("peaks")) else {
                throw OperatorError.invalidParameter(name: "peaks", reason: "input has no `hit` entry (use a peakfinder8 view)")
            }
            let n = flags.filter { $0 }.count
            return n == 0 ? nil : .scalar(Double(n))
        }
    }

    /// The last `capacity` hit flags.
    struct HitWindow: Sendable {
        let capacity: Int
        var ring: [Bool] = []
        var next = 0
        var hits = 0

        init(capacity: Int) { self.capacity = capacity }

        var count: Int { ring.count }
        var rate: Double { Double(hits) / Double(ring.count) }

        mutating func add(_ hit: Bool) {
            if ring.count < capacity {
                ring.append(hit)
            } else {
                if ring[next] { hits -= 1 }
                ring[next] = hit
                next = (next + 1) % capacity
            }
            if hit { hits += 1 }
        }
    }
}
