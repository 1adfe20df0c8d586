import BridgeSockets
import KaraboBridge

/// Everything `trainspotter simulate` can be told. The defaults give the same wire structure
/// as `karabo-bridge-server-sim` with no options, paced at 10 Hz and bound to 127.0.0.1.
public struct SimulatorConfiguration: Sendable {
    /// Interface to bind (`*` or `0.0.0.0` for all; the protocol has no authentication).
    public var host = "127.0.0.1"
    /// TCP port; 0 picks a free one (see ``Simulator/endpoint``).
    public var port = 4545
    /// A full ZeroMQ endpoint to bind instead of `host`/`port` (e.g. `ipc:///tmp/sim`).
    public var bindEndpoint: String?
    /// `-z`: REP, PUB or PUSH.
    public var pattern: ServerPattern = .rep
    /// `-p`: 1.0 or 2.2.
    public var protocolVersion: ProtocolVersion = .v2_2
    /// `-d`: AGIPD, AGIPDModule or LPD.
    public var detector: DetectorKind = .agipd
    /// `-r`: raw (uint16) instead of corrected (float32) detector data.
    public var raw = false
    /// `-n`: copies of the detector source, named `<source>-1 … <source>-N` when N > 1.
    public var nsources = 1
    /// `-g`: structured content or zeros.
    public var generator: DataGenerator = .random
    /// `--data-like`: online (pulses last) or file (pulses first) axis order, for AGIPD and LPD alike.
    public var layout: DataLayout = .online
    /// `--debug`: report every train sent.
    public var debug = false
    /// `--pulses`: pulses per train (default: 64 for AGIPD, 300 for LPD).
    public var pulses: Int?
    /// `--rate`: trains per second; 0 sends as fast as the socket takes them.
    public var rate: Double = 10
    /// `--ntrains`: stop after this many train IDs (sent or dropped by a fault); nil runs until stopped.
    public var ntrains: Int?
    /// `--sources`: which sources to send.
    public var sources: Set<SourceKind> = [.detector]
    /// `--seed`: makes pixel offsets, noise, pulse energies, pool windows and faults reproducible.
    public var seed: UInt64 = 0
    /// `--dark`: shutter closed; area detectors and the camera see no X-rays.
    public var dark = false
    /// `--laser`: the pump-probe pattern.
    public var laser: LaserPattern = .train
    /// `--scan START:STOP:N:M`: the motor steps instead of sweeping (docs/simulator.md §4.8).
    public var scan: ScanSpec?
    /// `--dropped-shots P`: probability that the x-rays are off for a train (§4.8).
    public var droppedShots: Double = 0
    /// `--pool-mb`: memory budget per detector for pre-generated frames (see `docs/simulator.md`).
    public var poolMegabytes = 1200
    /// Faults to inject.
    public var faults = FaultConfiguration()
    /// Seconds between status reports.
    public var statusInterval: Double = 5
    /// Whether each injected fault is also logged (notice level); it is always reported as an event.
    public var logsFaults = true
    /// Seconds to keep the socket open after the last train of `--ntrains`, so it leaves the machine.
    public var exitGrace: Double = 0.5

    /// The first train ID, as in the Python simulator.
    public static let firstTrainID: UInt64 = 10_000_000_000

    public init() {}

    /// The pulses per train in effect.
    public var pulsesPerTrain: Int { pulses ?? detector.defaultPulses }

    /// The ZeroMQ endpoint to bind.
    public var endpoint: String {
        if let bindEndpoint { return bindEndpoint }
        let h = host == "0.0.0.0" ? "*" : host
        return "tcp://\(h.contains(":") && !h.hasPrefix("[") ? "[\(h)]" : h):\(port)"
    }

    /// Checks the combination of options.
    public func validate() throws(SimulatorError) {
        if detector == .agipdModule && !raw && sources.contains(.detector) {
            // The Python simulator raises NotImplementedError for this combination.
            throw .invalidOption("-d AGIPDModule needs -r: calib. data for single modules not available yet")
        }
        guard nsources >= 1 else { throw .invalidOption("-n must be at least 1") }
        guard pulsesPerTrain >= 1, pulsesPerTrain <= 1000 else {
            throw .invalidOption("--pulses must be between 1 and 1000 (the XGM's intensityTD holds 1000 pulses)")
        }
        guard rate >= 0, rate.isFinite else { throw .invalidOption("--rate must be 0 (as fast as possible) or positive") }
        if let n = ntrains, n < 1 { throw .invalidOption("--ntrains must be at least 1") }
        guard port >= 0, port < 65536 else { throw .invalidOption("port \(port) is out of range") }
        guard poolMegabytes >= 1 else { throw .invalidOption("--pool-mb must be at least 1") }
        guard statusInterval > 0 else { throw .invalidOption("--status-every must be positive") }
        guard !sources.isEmpty else { throw .invalidOption("--sources: no sources selected") }
        try faults.validate()
        guard droppedShots >= 0, droppedShots <= 1 else { throw .invalidOption("--dropped-shots must be a probability in [0, 1]") }
        let sent = Simulation.sourceKinds(self)
        let patterns = faults.lateSources.map { ("--late-source", $0.pattern) } + faults.missingSources.map { ("--missing-source", $0.pattern) }
        for (option, pattern) in patterns where !sent.contains(where: { SourceSelector.matches(pattern, name: $0.name, kind: $0.kind) }) {
            throw .invalidOption("\(option) \(pattern) matches none of the sources sent: " + sent.map(\.name).joined(separator: ", "))
        }
    }
}
