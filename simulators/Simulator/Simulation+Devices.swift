import KaraboBridge

extension Simulation {
    /// A JUNGFRAU module as the DAQ sends it: `data.adc` (cells, 512, 1024) uint16 with the
    /// detector model (pedestal, noise, rings), zero `data.gain`, and per-cell indices.
    func jungfrauSource(_ plan: TrainPlan) -> SourceData {
        let cells = min(plan.pulses, Simulation.jungfrauCells)
        let n = plan.trainID &- SimulatorConfiguration.firstTrainID
        var out = source(SourceNames.jungfrau, plan)
        out.data["data.adc"] = .array(jungfrauPool!.array(start: plan.windowStart, pulses: cells))
        out.data["data.gain"] = .array(shared.zeros(.uint8, [cells, 512, 1024]))
        out.data["data.memoryCell"] = .array(shared.arange(.uint8, plan.cellIDMismatch ? max(0, cells - 1) : cells))
        out.data["data.frameNumber"] = .array(ArrayMaker.make(.uint64, (0..<cells).map { n &* UInt64(Simulation.jungfrauCells) &+ UInt64($0) }))
        out.data["data.trainId"] = .array(ArrayMaker.make(.uint64, Array(repeating: plan.trainID, count: cells)))
        out.data["data.timestamp"] = .array(ArrayMaker.make(.float64, Array(repeating: plan.timestamp, count: cells)))
        return out
    }

    /// The XGM: `data.intensityTD` (1000 slots, the train's pulse energies in µJ first, zeros
    /// after) on the fast source; the train's mean energy on the control source.
    func xgmSources(_ plan: TrainPlan) -> [SourceData] {
        var td = [Float](repeating: 0, count: Simulation.xgmSlots)
        for (i, e) in plan.pulseEnergies.prefix(Simulation.xgmSlots).enumerated() { td[i] = e }
        var fast = source(SourceNames.xgmOutput, plan)
        fast.data["data.intensityTD"] = .array(ArrayMaker.make(.float32, td))
        let mean = plan.meanIntensity * Double(Simulation.meanPulseEnergy)
        var slow = source(SourceNames.xgmControl, plan)
        slow.data["pulseEnergy.photonFlux"] = .double(mean)
        slow.data["pulseEnergy.wavelengthUsed"] = .double(AreaGeometry.agipd.wavelength)
        slow.data["pulseEnergy.numberOfBunches"] = .uint(UInt64(plan.pulses))
        slow.data["pulseEnergy.xrayOn"] = .bool(plan.xrayOn)
        return [fast, slow]
    }

    /// The beam-steering motor (control data).
    func motorSource(_ plan: TrainPlan) -> SourceData {
        let phase = (plan.trainID &- SimulatorConfiguration.firstTrainID) % 400
        var out = source(SourceNames.motor, plan)
        out.data["actualPosition"] = .double(plan.motorPosition)
        out.data["targetPosition"] = .double(configuration.scan.map { $0.position(trainID: plan.trainID) } ?? (phase < 200 ? 2 : -2))
        out.data["velocity"] = .double(0.2)
        out.data["state"] = .string("MOVING")
        return out
    }

    /// The pump-probe laser: per-pulse state, whether the train was pumped, and the pattern.
    func laserSource(_ plan: TrainPlan) -> SourceData {
        var out = source(SourceNames.laser, plan)
        out.data["data.laserOn"] = .array(ArrayMaker.bools(plan.laserOn))
        out.data["data.pumped"] = .bool(plan.pumped)
        out.data["data.pattern"] = .string(["train": "odd-trains", "pulse": "odd-pulses", "none": "none"][configuration.laser.rawValue]!)
        return out
    }

    /// An empty source stamped with the train's metadata.
    func source(_ name: String, _ plan: TrainPlan) -> SourceData {
        SourceData(name: name, metadata: Simulation.metadata(source: name, trainID: plan.trainID, timestamp: plan.timestamp))
    }
}
