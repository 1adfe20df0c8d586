import ArgumentParser
import Simulator

/// The options of `trainspotter simulate` beyond `karabo-bridge-server-sim`'s.
struct SimulateOptions: ParsableArguments {
    @Option(help: "Interface to bind; * for all (the protocol has no authentication).")
    var host = "127.0.0.1"

    @Option(help: "A full ZeroMQ endpoint to bind instead of --host and PORT (e.g. ipc:///tmp/sim).")
    var bind: String?

    @Option(help: "Pulses per train (default: 64 for AGIPD, 300 for LPD).")
    var pulses: Int?

    @Option(help: "Trains per second (the facility's rate is 10); 0 = as fast as possible.")
    var rate: Double = 10

    @Option(help: "Stop after this many trains.")
    var ntrains: Int?

    @Option(help: "Sources to send: all, or a comma-separated list of detector, jungfrau, camera, xgm, motor, laser.")
    var sources = "detector"

    @Option(help: "Seed for pixel offsets, noise, pulse energies and faults.")
    var seed: UInt64 = 0

    @Flag(help: "Shutter closed: dark frames (pedestal and noise only) on area detectors and the camera.")
    var dark = false

    @Option(help: "Pump-probe pattern: train (odd train IDs pumped), pulse (odd pulses pumped) or none.")
    var laser = "train"

    @Option(help: "Motor scan START:STOP:N:M — N equal steps from START to STOP mm, M trains per step, repeating (docs/simulator.md §4.8).")
    var scan: String?

    @Option(name: .customLong("dropped-shots"), help: "Probability that the x-rays are off for a train (XGM 0, no camera spot, pulseEnergy.xrayOn false).")
    var droppedShots: Double = 0

    @Option(name: .customLong("pool-mb"), help: "Memory budget per detector for pre-generated frames, MB.")
    var poolMegabytes = 1200

    @Option(name: .customLong("status-every"), help: "Seconds between status lines.")
    var statusEvery: Double = 5

    @Option(help: "Probability that a train is dropped (its ID skipped).")
    var drop: Double = 0

    @Option(help: "Probability that a train is sent after the next one.")
    var reorder: Double = 0

    @Option(help: "Probability that a train is sent twice.")
    var duplicate: Double = 0

    @Option(name: .customLong("late-source"), help: "SRC:DELAY_TRAINS — the source's data arrives DELAY trains late (repeatable).")
    var lateSources: [String] = []

    @Option(name: .customLong("missing-source"), help: "SRC:P — the source is missing from a train with probability P (repeatable).")
    var missingSources: [String] = []

    @Option(name: .customLong("empty-trains"), help: "Probability that a train has zero pulses.")
    var emptyTrains: Double = 0

    @Flag(name: .customLong("cellid-mismatch"), help: "Cell IDs list one cell fewer than the data has pulses.")
    var cellIDMismatch = false

    @Option(name: .customLong("restart-every"), help: "Close and rebind the socket after every N trains.")
    var restartEvery: Int?

    @Option(help: "Probability that a message is malformed (cycling through the malformation classes).")
    var corrupt: Double = 0

    func apply(to c: inout SimulatorConfiguration) throws {
        c.host = host
        c.bindEndpoint = bind
        c.pulses = pulses
        c.rate = rate
        c.ntrains = ntrains
        c.seed = seed
        c.dark = dark
        c.poolMegabytes = poolMegabytes
        c.statusInterval = statusEvery
        guard let pattern = LaserPattern(rawValue: laser) else { throw ValidationError("--laser must be train, pulse or none") }
        c.laser = pattern
        c.droppedShots = droppedShots
        if let scan {
            do { c.scan = try ScanSpec(parsing: scan) } catch { throw ValidationError(error.description) }
        }
        do {
            c.sources = try SourceKind.parseList(sources)
            c.faults.lateSources = try lateSources.map { text throws(SimulatorError) in try SourceRule<Int>.parse(text, option: "--late-source") }
            c.faults.missingSources = try missingSources.map { text throws(SimulatorError) in try SourceRule<Double>.parse(text, option: "--missing-source") }
        } catch {
            throw ValidationError(error.description)
        }
        c.faults.drop = drop
        c.faults.reorder = reorder
        c.faults.duplicate = duplicate
        c.faults.emptyTrains = emptyTrains
        c.faults.cellIDMismatch = cellIDMismatch
        c.faults.restartEvery = restartEvery
        c.faults.corrupt = corrupt
    }
}
