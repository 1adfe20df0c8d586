import ArgumentParser
import BridgeSockets
import CommandSupport
import Foundation
import Handoff
import KaraboBridge
import Recording
import Synchronization

/// `trainspotter replay`: serve a recording or EuXFEL HDF5 data as a bridge stream.
struct Replay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve a raw recording, our HDF5 files, or EuXFEL HDF5 files / run directories as a Karabo Bridge stream.",
        discussion: """
            A raw recording replayed without --protocol, --source, --key, --dummy-timestamps or \
            --fake-train-ids sends frames byte-identical to those recorded. Pacing uses absolute \
            deadlines on a monotonic clock; a replay more than 1 s behind restarts its schedule.
            """)

    @Argument(help: "A raw recording (directory or .tsr segment), our HDF5 files, or EuXFEL HDF5 files / a run directory.")
    var path: String

    @Option(help: "Where to bind (a bare port means 127.0.0.1).")
    var bind = "tcp://127.0.0.1:4545"

    @Option(name: [.customShort("z"), .customLong("server-socket")], help: "REP, PUB or PUSH.")
    var serverSocket = "REP"

    @Flag(help: "Reproduce the recorded timing (the default; HDF5: INDEX/timestamp, else 100 ms per train ID).")
    var originalPace = false

    @Option(help: "Send at this many trains per second.")
    var rate: Double?

    @Flag(help: "Send as fast as the socket takes them.")
    var fast = false

    @Flag(help: "Start again at the end, forever.")
    var loop = false

    @Flag(help: "With --loop, keep train IDs increasing across passes instead of repeating them.")
    var fakeTrainIds = false

    @Option(help: "Only trains FIRST:LAST (train IDs, inclusive; either may be left out).")
    var trains: String?

    @Option(help: "Send every K-th train.")
    var stride = 1

    @Option(name: .customLong("source"), help: "Only sources matching this glob.")
    var sourceGlob = "*"

    @Option(name: .customLong("key"), help: "Only keys matching this glob.")
    var keyGlob = "*"

    @Option(name: .customLong("protocol"), help: "Re-encode with protocol 1.0 or 2.2.")
    var protocolVersion: String?

    @Flag(help: "Add timestamp, timestamp.sec and timestamp.frac to metadata that lacks them.")
    var dummyTimestamps = false

    @Flag(help: "Do not check record checksums before sending.")
    var noVerify = false

    @Flag(help: "Change the order of sources within each message every train (protocol 2.2), to test consumers against it.")
    var shuffleSources = false

    @Flag(help: "Send each source of a train in its own message (paced as one train).")
    var splitSources = false

    @Option(help: "Stop after sending this many trains.")
    var ntrains: Int?

    @Option(help: "Seconds to keep the socket open after the last train, so it is delivered.")
    var linger: Double = 1

    @Option(help: "Seconds between status lines.")
    var statusInterval: Double = 1

    @Flag(help: "No status lines.")
    var quiet = false

    func validate() throws {
        guard ServerPattern(name: serverSocket) != nil else { throw ValidationError("-z must be REP, PUB or PUSH") }
        guard [originalPace, rate != nil, fast].filter({ $0 }).count <= 1 else {
            throw ValidationError("choose one of --original-pace, --rate, --fast")
        }
        if let rate, !(rate > 0) { throw ValidationError("--rate must be positive") }
        guard stride >= 1 else { throw ValidationError("--stride must be at least 1") }
        if let protocolVersion, ProtocolVersion(rawValue: protocolVersion) == nil {
            throw ValidationError("--protocol must be 1.0 or 2.2")
        }
        _ = try trainRange()
        guard !(shuffleSources && splitSources) else { throw ValidationError("choose one of --shuffle-sources, --split-sources") }
        if shuffleSources && protocolVersion == "1.0" {
            throw ValidationError("--shuffle-sources needs protocol 2.2 (a 1.0 message is one map)")
        }
    }

    /// `FIRST:LAST` as optional bounds.
    func trainRange() throws -> (UInt64?, UInt64?) { try Self.parseRange(trains) }

    /// `FIRST:LAST` (either may be empty) as optional bounds; nil text: no bounds.
    static func parseRange(_ trains: String?) throws -> (UInt64?, UInt64?) {
        guard let trains else { return (nil, nil) }
        let parts = trains.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw ValidationError("--trains takes FIRST:LAST") }
        func bound(_ s: Substring) throws -> UInt64? {
            if s.isEmpty { return nil }
            guard let v = UInt64(s) else { throw ValidationError("--trains: '\(s)' is not a train ID") }
            return v
        }
        return (try bound(parts[0]), try bound(parts[1]))
    }

    func run() async throws {
        let (first, last) = try trainRange()
        let pace: ReplayOptions.Pace = fast ? .fast : rate.map { .rate($0) } ?? .original
        var options = ReplayOptions(pace: pace, loop: loop, fakeTrainIDs: fakeTrainIds, firstTrain: first, lastTrain: last,
                                    stride: stride, sourceGlob: Glob(sourceGlob), keyGlob: Glob(keyGlob),
                                    protocolVersion: protocolVersion.flatMap(ProtocolVersion.init(rawValue:)),
                                    dummyTimestamps: dummyTimestamps, verify: !noVerify)
        options.sourceOrder = shuffleSources ? .shuffled(seed: UInt64(Date().timeIntervalSince1970 * 1000))
            : splitSources ? .split : .asRecorded
        let replayer = try await Replayer.open(path: path, options: options)
        let server = try await BridgeServer.start(BridgeServerConfiguration(
            endpoint: Endpoint.normalize(bind), pattern: ServerPattern(name: serverSocket)!))
        defer { server.close() }
        let stopped = StopFlag()
        let signals = RecordSignals { _ in stopped.set(); replayer.stop() }
        let range = [replayer.firstTrainID, replayer.lastTrainID].map { $0.map(String.init) ?? "?" }.joined(separator: "…")
        printLine("replaying \(path) (\(replayer.kind.rawValue), \(replayer.count) trains, \(range)) on \(server.endpoint)")
        let limit = ntrains
        let interval = statusInterval
        let quiet = quiet
        let status = StatusThrottle(interval: interval)
        let final = await replayer.run(server: server) { progress in
            if !quiet, status.due() { printStatus(ReplayStatus.line(progress)) }
            if let limit, progress.sent >= limit { replayer.stop() }
        }
        // Let the socket thread deliver what is queued before closing it (linger 0 drops it),
        // unless a signal asked to stop: then close now.
        while server.queued > 0, !stopped.isSet { try await Task.sleep(for: .milliseconds(10)) }
        if !stopped.isSet { try await Task.sleep(for: .seconds(linger)) }
        withExtendedLifetime(signals) {}
        if !quiet { printStatus(ReplayStatus.line(final), final: true) }
        printLine("sent \(final.sent) trains, \(String(format: "%.3f", Double(final.bytes) / 1e9)) GB in "
              + String(format: "%.1f s", final.elapsed) + (final.skipped > 0 ? ", skipped \(final.skipped) unreadable" : ""))
    }
}

/// The replay status line.
enum ReplayStatus {
    static func line(_ p: ReplayProgress) -> String {
        var text = "sent \(p.sent) trains, " + String(format: "%.1f Hz", p.rate)
        text += String(format: ", %.2f GB", Double(p.bytes) / 1e9)
        text += ", position \(p.position)/\(p.count)"
        if let id = p.trainID { text += " (train \(id))" }
        if p.loop > 0 { text += ", loop \(p.loop + 1)" }
        if p.skipped > 0 { text += ", skipped \(p.skipped)" }
        return text
    }
}

/// True at most once per interval.
final class StatusThrottle: Sendable {
    private let interval: Double
    private let next = Mutex<Double>(0)

    init(interval: Double) { self.interval = interval }

    func due() -> Bool {
        let now = ProcessInfo.processInfo.systemUptime
        return next.withLock { next in
            guard now >= next else { return false }
            next = now + interval
            return true
        }
    }
}
