/// Pump-probe: the difference between laser-on ("pumped") and laser-off data.
///
/// Three ways to tell on from off:
/// * ``Mode-swift.enum/laserFlag``: the caller says per train (from a laser shutter or
///   trigger source). A train is paired with the pending train of the opposite state, and
///   each train is used in at most one pair.
/// * ``Mode-swift.enum/trainParity(onEven:)``: on trains have even (or odd) train IDs; the
///   off train is the next one (ID + 1). A pair is reported when its off train arrives.
/// * ``Mode-swift.enum/pulsePattern(on:off:)``: on and off pulses of the same pulses-first
///   train; each is the pulse mean of its selection, reported every train.
public struct PumpProbe<Element: DenseElement>: Sendable {
    /// How on and off data are told apart.
    public enum Mode: Sendable, Hashable {
        case laserFlag
        case trainParity(onEven: Bool)
        case pulsePattern(on: PulseSelection, off: PulseSelection)
    }

    /// One on/off pair.
    public struct Result: Sendable, Equatable {
        public let on: DenseArray<Element>
        public let off: DenseArray<Element>
        /// on − off.
        public let difference: DenseArray<Element>
        public let onTrainID: UInt64
        public let offTrainID: UInt64
    }

    public let mode: Mode
    private var pending: (array: DenseArray<Element>, trainID: UInt64, on: Bool)?

    public init(mode: Mode) {
        self.mode = mode
    }

    /// Adds one train's data; returns a pair when this train completes one.
    /// - Parameters:
    ///   - laserOn: the laser state of this train; required in ``Mode-swift.enum/laserFlag`` mode.
    /// - Throws: ``OperatorError/invalidParameter(name:reason:)`` without `laserOn` in laser-flag
    ///   mode; ``OperatorError/shapeMismatch(expected:actual:)`` when on and off data differ in
    ///   shape (the pending train is dropped).
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public mutating func add(_ data: DenseArray<Element>, trainID: UInt64, laserOn: Bool? = nil) throws(OperatorError) -> Result? {
        switch mode {
        case let .pulsePattern(onPulses, offPulses):
            let on = try data.pulseMean(onPulses), off = try data.pulseMean(offPulses)
            return Result(on: on, off: off, difference: try Self.subtract(on, off), onTrainID: trainID, offTrainID: trainID)
        case let .trainParity(onEven):
            let isOn = (trainID % 2 == 0) == onEven
            if isOn {
                pending = (data.compacted(), trainID, true)
                return nil
            }
            guard let p = pending, p.on, p.trainID &+ 1 == trainID else { return nil }
            pending = nil
            return Result(on: p.array, off: data, difference: try Self.subtract(p.array, data),
                          onTrainID: p.trainID, offTrainID: trainID)
        case .laserFlag:
            guard let isOn = laserOn else {
                throw .invalidParameter(name: "laserOn", reason: "laser-flag pump-probe needs the laser state of every train")
            }
            guard let p = pending, p.on != isOn else {
                pending = (data.compacted(), trainID, isOn)
                return nil
            }
            pending = nil
            let (on, off) = isOn ? (data, p.array) : (p.array, data)
            return Result(on: on, off: off, difference: try Self.subtract(on, off),
                          onTrainID: isOn ? trainID : p.trainID, offTrainID: isOn ? p.trainID : trainID)
        }
    }

    /// Forgets a pending unpaired train.
    public mutating func reset() { pending = nil }

    static func subtract(_ a: DenseArray<Element>, _ b: DenseArray<Element>) throws(OperatorError) -> DenseArray<Element> {
        guard a.shape == b.shape else { throw .shapeMismatch(expected: a.shape, actual: b.shape) }
        return a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                DenseArray(uncheckedShape: a.shape) { out in
                    for i in 0..<out.count { out[i] = x[i] - y[i] }
                }
            }
        }
    }
}
