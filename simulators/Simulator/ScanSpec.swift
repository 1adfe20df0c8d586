/// `--scan START:STOP:N:M`: the motor steps from START to STOP in N equal steps, M trains per
/// step, then starts again at START (step k of train n = ⌊n / M⌋ mod N, counted from the first train).
public struct ScanSpec: Sendable, Equatable {
    public var start: Double, stop: Double
    /// Steps (positions) per sweep, at least 1.
    public var steps: Int
    /// Trains per step, at least 1.
    public var trainsPerStep: Int

    public init(start: Double, stop: Double, steps: Int, trainsPerStep: Int) throws(SimulatorError) {
        guard start.isFinite, stop.isFinite else { throw .invalidOption("--scan START and STOP must be finite numbers") }
        guard steps >= 1, trainsPerStep >= 1 else { throw .invalidOption("--scan N (steps) and M (trains per step) must be at least 1") }
        self.start = start
        self.stop = stop
        self.steps = steps
        self.trainsPerStep = trainsPerStep
    }

    /// Parses `START:STOP:N:M`, e.g. `-2:2:5:20`.
    public init(parsing text: String) throws(SimulatorError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, let a = Double(parts[0]), let b = Double(parts[1]), let n = Int(parts[2]), let m = Int(parts[3]) else {
            throw .invalidOption("--scan must be START:STOP:N:M (e.g. -2:2:5:20), not '\(text)'")
        }
        try self.init(start: a, stop: b, steps: n, trainsPerStep: m)
    }

    /// The step index of a train.
    public func step(trainID: UInt64) -> Int {
        let n = trainID >= SimulatorConfiguration.firstTrainID ? trainID - SimulatorConfiguration.firstTrainID : 0
        return Int((n / UInt64(trainsPerStep)) % UInt64(steps))
    }

    /// The motor position of a train, mm.
    public func position(trainID: UInt64) -> Double {
        position(step: step(trainID: trainID))
    }

    /// The position of step `k`: START + (STOP − START)·k / (N − 1) (START for N = 1).
    public func position(step k: Int) -> Double {
        steps == 1 ? start : start + (stop - start) * Double(k) / Double(steps - 1)
    }
}

extension Simulation {
    /// Relative spot height on pumped trains in a scan (the pump bleaches the camera's signal).
    public static let scanPumpedSpotFactor = 0.7

    /// Whether the x-rays were off for a train (`--dropped-shots P`, seeded per train).
    public func xrayOff(trainID: UInt64) -> Bool {
        let p = configuration.droppedShots
        return p > 0 && Randomness.uniform(configuration.seed, .beamIntensity, trainID, Simulation.droppedShotSalt) < p
    }

    static let droppedShotSalt: UInt64 = 0xD20F_5407

    /// The motor position of a train: the scan's step with `--scan`, else the triangle wave.
    public func motorPosition(trainID: UInt64) -> Double {
        configuration.scan?.position(trainID: trainID) ?? Simulation.motorPosition(trainID: trainID)
    }
}
