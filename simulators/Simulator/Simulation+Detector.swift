import Foundation
import KaraboBridge

extension Simulation {
    /// The `-d` detector, keyed and typed exactly as `karabo-bridge-server-sim` sends it:
    /// `image.data`, `image.cellId`, [`image.passport`], [`sources`, `modulesPresent`],
    /// `image.gain`, `image.pulseId`, `image.trainId`, in that order.
    func detectorSources(_ plan: TrainPlan) -> [SourceData] {
        let c = configuration
        let detector = c.detector
        let base = detector.sourceName(raw: c.raw)
        let p = plan.pulses
        var out = source(base, plan)
        out.data["image.data"] = .array(detectorPool!.array(start: plan.windowStart, pulses: p))
        out.data["image.cellId"] = .array(shared.arange(.uint16, plan.cellIDMismatch ? max(0, p - 1) : p))
        if !c.raw {
            let domain = base.split(separator: "/", maxSplits: 1).first.map(String.init) ?? base
            out.data["image.passport"] = .list(["THRESHOLDING_Q1M1", "OFFSET_CORR_Q1M1", "RELGAIN_CORR_Q1M1"].map {
                .string("\(domain)/CAL/\($0)")
            })
        }
        if detector.modules > 1 {
            let prefix = base.split(separator: "/").dropLast().joined(separator: "/")
            out.data["sources"] = .list((0..<16).map { .string("\(prefix)/\($0)CH0:xtdf") })
            out.data["modulesPresent"] = .list(Array(repeating: .bool(true), count: detector.modules))
        }
        out.data["image.gain"] = .array(shared.zeros(.uint16, [detector.moduleY, detector.moduleX, p]))
        out.data["image.pulseId"] = .array(shared.arange(.uint64, p))
        out.data["image.trainId"] = .array(ArrayMaker.make(.uint64, Array(repeating: plan.trainID, count: p)))
        return detectorSourceNames.map { name in
            var copy = out
            copy.name = name
            copy.metadata = Simulation.metadata(source: name, trainID: plan.trainID, timestamp: plan.timestamp)
            return copy
        }
    }

    /// Metadata with the Python simulator's five keys, in its order, with `timestamp.sec` and
    /// `timestamp.frac` split from the float's shortest decimal form as `str(time())` gives it.
    static func metadata(source: String, trainID: UInt64, timestamp: Double) -> Metadata {
        let text = "\(timestamp)"
        let parts = text.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, !text.contains("e"), !text.contains("E") else {
            return Metadata(source: source, trainID: trainID, timestamp: timestamp)
        }
        let frac = String(parts[1]).padding(toLength: max(18, parts[1].count), withPad: "0", startingAt: 0)
        return Metadata(entries: [
            "source": .string(source),
            "timestamp": .double(timestamp),
            "timestamp.tid": .uint(trainID),
            "timestamp.sec": .string(String(parts[0])),
            "timestamp.frac": .string(frac),
        ])
    }
}
