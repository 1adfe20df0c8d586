import KaraboBridge

/// The content model: builds any train from its ID, deterministically from the seed.
///
/// Creating it pre-generates the detector pools (up to `--pool-mb` per detector, ≈ 0.5 s per
/// GB in a release build), so create it off the cooperative pool (``Simulator`` does).
public final class Simulation: Sendable {
    /// Mean XGM pulse energy, µJ.
    public static let meanPulseEnergy: Float = 800
    /// JUNGFRAU memory cells per train at most.
    public static let jungfrauCells = 16
    /// Length of the XGM's `data.intensityTD`.
    public static let xgmSlots = 1000

    /// The options the content follows.
    public let configuration: SimulatorConfiguration
    let beam: BeamTable
    let noise: NoiseTable
    let detectorPool: PixelPool?
    let jungfrauPool: PixelPool?
    let shared: SharedArrays

    /// Salts that keep the detectors' random streams apart.
    static let detectorSalt: UInt64 = 0xA61
    static let jungfrauSalt: UInt64 = 0x1F4

    /// Validates the configuration and pre-generates the detector pools.
    public init(_ configuration: SimulatorConfiguration) throws(SimulatorError) {
        try configuration.validate()
        self.configuration = configuration
        let c = configuration
        let pulses = c.pulsesPerTrain
        let budget = c.poolMegabytes << 20
        let structured = c.generator == .random
        let detectorGeometry = AreaGeometry.of(c.detector)
        let wantDetector = c.sources.contains(.detector), wantJungfrau = c.sources.contains(.jungfrau)
        let detectorItem = c.raw ? 2 : 4

        // Pool sizing (see docs/simulator.md, "Pre-generated frames").
        var fileFrameBytes: [Int] = []
        if structured && wantDetector && c.layout == .file { fileFrameBytes.append(detectorGeometry.pixelsPerFrame * detectorItem) }
        if structured && wantJungfrau { fileFrameBytes.append(AreaGeometry.jungfrau.pixelsPerFrame * 2) }
        let extra = fileFrameBytes.map { max(1, min(pulses, (budget / $0 - 2 * pulses) / 2)) }.min() ?? pulses
        var perList: Int?
        if structured && wantDetector && c.layout == .online {
            let lists = c.laser == .train ? 2 : 1
            perList = max(1, min(4, budget / (detectorGeometry.pixelsPerFrame * detectorItem * pulses) / lists))
        }
        beam = BeamTable(pulses: pulses, extraStarts: extra, pattern: c.laser, seed: c.seed, startsPerList: perList)
        noise = NoiseTable.forSeed(c.seed)

        let detector = c.detector
        let detectorShape: @Sendable (Int) -> [Int] = { detector.imageShape(pulses: $0, layout: c.layout) }
        let jungfrauShape: @Sendable (Int) -> [Int] = { [$0, 512, 1024] }
        if wantDetector {
            if structured {
                let model = PixelModel.shared(geometry: detectorGeometry, seed: c.seed,
                                              salt: Simulation.detectorSalt &+ UInt64(DetectorKind.allCases.firstIndex(of: detector)!))
                detectorPool = PixelPool.generate(model: model, beam: beam, layout: c.layout, raw: c.raw, dark: c.dark,
                                                  noise: noise, seed: c.seed, salt: Simulation.detectorSalt, shape: detectorShape)
            } else {
                detectorPool = PixelPool.zeros(dtype: c.raw ? .uint16 : .float32, frameBytes: detectorGeometry.pixelsPerFrame * detectorItem,
                                               pulses: pulses, shape: detectorShape)
            }
        } else {
            detectorPool = nil
        }
        if wantJungfrau {
            let cells = min(pulses, Simulation.jungfrauCells)
            if structured {
                let model = PixelModel.shared(geometry: .jungfrau, seed: c.seed, salt: Simulation.jungfrauSalt)
                jungfrauPool = PixelPool.generate(model: model, beam: beam, layout: .file, raw: true, dark: c.dark,
                                                  noise: noise, seed: c.seed, salt: Simulation.jungfrauSalt, shape: jungfrauShape)
            } else {
                jungfrauPool = PixelPool.zeros(dtype: .uint16, frameBytes: AreaGeometry.jungfrau.pixelsPerFrame * 2,
                                               pulses: cells, shape: jungfrauShape)
            }
        } else {
            jungfrauPool = nil
        }
        var zeroBytes = 0
        if wantDetector { zeroBytes = max(zeroBytes, detector.moduleX * detector.moduleY * pulses * 2) }
        if wantJungfrau { zeroBytes = max(zeroBytes, AreaGeometry.jungfrau.pixelsPerFrame * Simulation.jungfrauCells) }
        shared = SharedArrays(zeroBytes: zeroBytes, maxCount: max(pulses, Simulation.jungfrauCells))
    }

    /// Bytes of pre-generated detector data held.
    public var poolBytes: Int { (detectorPool?.byteCount ?? 0) + (jungfrauPool?.byteCount ?? 0) }

    /// Distinct detector windows per laser state (how many different trains the pools can give).
    public var windowsPerLaserState: Int { beam.startLists.map(\.count).min() ?? 0 }

    /// The plan of train `trainID`.
    public func plan(trainID: UInt64, timestamp: Double, empty: Bool = false, cellIDMismatch: Bool = false) -> TrainPlan {
        let start = beam.start(for: trainID)
        let pulses = empty ? 0 : beam.pulses
        let xrayOn = !xrayOff(trainID: trainID)
        var plan = TrainPlan(
            trainID: trainID, timestamp: timestamp, pulses: pulses, windowStart: start,
            intensities: xrayOn ? Array(beam.intensity[start..<(start + pulses)]) : [Float](repeating: 0, count: pulses),
            laserOn: Array(beam.laserOn[start..<(start + pulses)]),
            pumped: beam.laserOn[start..<(start + pulses)].contains(true),
            motorPosition: motorPosition(trainID: trainID),
            cellIDMismatch: cellIDMismatch)
        plan.xrayOn = xrayOn
        return plan
    }

    /// The train a plan describes, with the sources `--sources` selects.
    public func train(_ plan: TrainPlan) -> Train {
        var sources: [SourceData] = []
        let kinds = configuration.sources
        if kinds.contains(.detector) { sources += detectorSources(plan) }
        if kinds.contains(.jungfrau) { sources.append(jungfrauSource(plan)) }
        if kinds.contains(.camera) { sources.append(cameraSource(plan)) }
        if kinds.contains(.xgm) { sources += xgmSources(plan) }
        if kinds.contains(.motor) { sources.append(motorSource(plan)) }
        if kinds.contains(.laser) { sources.append(laserSource(plan)) }
        return Train(sources: sources, protocolVersion: configuration.protocolVersion)
    }

    /// Names of the sources a normal train carries, with their kinds.
    public var sourceKinds: [(name: String, kind: SourceKind)] { Simulation.sourceKinds(configuration) }

    /// The sources a configuration sends, with their kinds.
    public static func sourceKinds(_ configuration: SimulatorConfiguration) -> [(name: String, kind: SourceKind)] {
        var out: [(String, SourceKind)] = []
        let kinds = configuration.sources
        if kinds.contains(.detector) { out += detectorSourceNames(configuration).map { ($0, .detector) } }
        if kinds.contains(.jungfrau) { out.append((SourceNames.jungfrau, .jungfrau)) }
        if kinds.contains(.camera) { out.append((SourceNames.camera, .camera)) }
        if kinds.contains(.xgm) { out += [(SourceNames.xgmOutput, .xgm), (SourceNames.xgmControl, .xgm)] }
        if kinds.contains(.motor) { out.append((SourceNames.motor, .motor)) }
        if kinds.contains(.laser) { out.append((SourceNames.laser, .laser)) }
        return out
    }

    /// The detector source names: the Python simulator's, with `-1 … -N` suffixes when `-n` > 1.
    var detectorSourceNames: [String] { Simulation.detectorSourceNames(configuration) }

    static func detectorSourceNames(_ c: SimulatorConfiguration) -> [String] {
        let base = c.detector.sourceName(raw: c.raw)
        return c.nsources == 1 ? [base] : (1...c.nsources).map { "\(base)-\($0)" }
    }

    /// Beam-steering motor position for a train: a triangle wave between −2 and +2 mm,
    /// 0.02 mm per train, period 400 trains, starting at −2 mm at train 10000000000.
    public static func motorPosition(trainID: UInt64) -> Double {
        let n = trainID >= SimulatorConfiguration.firstTrainID ? trainID - SimulatorConfiguration.firstTrainID : 0
        let phase = Double(n % 400)
        return phase <= 200 ? -2 + 0.02 * phase : 2 - 0.02 * (phase - 200)
    }
}
