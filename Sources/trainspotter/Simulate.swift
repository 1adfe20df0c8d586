import ArgumentParser
import BridgeSockets
import CommandSupport
import Foundation
import KaraboBridge
import Simulator

/// `trainspotter simulate`: a drop-in for `karabo-bridge-server-sim` with structured content
/// and fault injection (see docs/simulator.md).
struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve simulated detector and device data: a superset of karabo-bridge-server-sim, with fault injection.",
        discussion: "Every karabo-bridge-server-sim option works with the same meaning and wire output. "
            + "Ground truth (geometry, rings, spot, pedestal, pump-probe) is in docs/simulator.md.")

    @Argument(help: "TCP port to bind (0 picks a free one).")
    var port: Int

    @Option(name: [.customShort("z"), .customLong("server-socket")], help: "Socket type: REP, PUB or PUSH.")
    var serverSocket = "REP"

    @Option(name: [.customShort("d"), .customLong("detector")], help: "AGIPD, AGIPDModule (needs -r) or LPD.")
    var detector = "AGIPD"

    @Option(name: [.customShort("p"), .customLong("protocol")], help: "Bridge protocol: 1.0 or 2.2.")
    var protocolVersion = "2.2"

    @Option(name: [.customShort("s"), .customLong("serialisation")], help: "msgpack (the only format that works, as in the Python simulator).")
    var serialisation = "msgpack"

    @Flag(name: [.customShort("r"), .customLong("raw")], help: "Raw (uint16) instead of corrected (float32) detector data.")
    var raw = false

    @Option(name: [.customShort("n"), .customLong("nsources")], help: "Copies of the detector source (<source>-1 … -N when N > 1).")
    var nsources = 1

    @Option(name: [.customShort("g"), .customLong("gen")], help: "random (structured content) or zeros.")
    var gen = "random"

    @Option(name: .customLong("data-like"), help: "online: (modules, y, x, pulses); file: (pulses, modules, x, y). Honoured for LPD too.")
    var dataLike = "online"

    @Flag(help: "Print every train sent.")
    var debug = false

    @OptionGroup var extra: SimulateOptions

    @Option(help: "Follow a recording's format: a raw recording, our HDF5 files or an EuXFEL run directory (its sources, keys, dtypes, shapes, metadata keys, pulse counts and rate; generated content).")
    var like: String?

    func run() async throws {
        if let like { return try await runLike(like) }
        let configuration = try makeConfiguration()
        let started = Date()
        printLine("Preparing simulated data…")
        let simulator: Simulator
        do {
            simulator = try await Simulator.start(configuration, events: { event in Simulate.report(event) })
        } catch {
            throw ValidationError(error.description)
        }
        let mb = Double(simulator.simulation.poolBytes) / 1e6
        printLine(String(format: "Pre-generated %.0f MB in %.1f s (%d detector windows per laser state)", mb,
                         Date().timeIntervalSince(started), simulator.simulation.windowsPerLaserState))
        printLine("Simulated Karabo-bridge server started on:\n\(simulator.endpoint)")
        // SIGINT/SIGTERM: stop sending, close the socket, print the totals and exit 0.
        let signals = RecordSignals { _ in simulator.stop() }
        let summary = await simulator.finished()
        withExtendedLifetime(signals) {}
        printLine(String(format: "Sent %d messages (%d trains generated) in %.1f s, %.1f MB/s", summary.messagesSent,
                         summary.trainsGenerated, summary.seconds, Double(summary.bytesSent) / max(summary.seconds, 1e-9) / 1e6))
    }

    func makeConfiguration() throws -> SimulatorConfiguration {
        var c = SimulatorConfiguration()
        c.port = port
        guard let pattern = ServerPattern(name: serverSocket) else { throw ValidationError("-z must be REP, PUB or PUSH") }
        c.pattern = pattern
        guard let d = DetectorKind(rawValue: detector) else { throw ValidationError("-d must be AGIPD, AGIPDModule or LPD") }
        c.detector = d
        if protocolVersion == "2.1" {
            throw ValidationError("-p 2.1 is not supported (karabo-bridge-server-sim accepts it and then crashes: unknown protocol version 2.1)")
        }
        guard let v = ProtocolVersion(rawValue: protocolVersion) else { throw ValidationError("-p must be 1.0 or 2.2") }
        c.protocolVersion = v
        guard serialisation == "msgpack" else { throw ValidationError("unknown serialisation format \(serialisation): only msgpack exists") }
        c.raw = raw
        c.nsources = nsources
        guard let g = DataGenerator(rawValue: gen) else { throw ValidationError("-g must be random or zeros") }
        c.generator = g
        guard let layout = DataLayout(rawValue: dataLike) else { throw ValidationError("--data-like must be online or file") }
        c.layout = layout
        c.debug = debug
        try extra.apply(to: &c)
        do {
            try c.validate()
        } catch {
            throw ValidationError(error.description)
        }
        return c
    }

    /// Prints events: `--debug` lines as the Python simulator does, status lines, restarts.
    /// Faults are logged by the simulator's logger (stderr).
    static func report(_ event: SimulatorEvent) {
        switch event {
        case let .trainSent(id): printLine("Server : emitted train: \(id)")
        case let .status(status): printLine(status.description)
        case let .restarted(endpoint): printLine("Socket bound again on \(endpoint)")
        case .fault: break
        }
    }
}

