import ArgumentParser
import BridgeSockets
import CommandSupport
import Foundation
import KaraboBridge
import Matching

/// `trainspotter monitor`: a line per train.
struct Monitor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a line per train: train ID, sources, size, rate and gaps in train IDs.",
        discussion: """
            Several --connect endpoints (or any --match-* option) match every source by its own \
            train ID into one train (docs/matching.md); lines then say which sources were missing.
            """)

    @OptionGroup var connection: InputOptions

    @Option(help: "Stop after this many trains.")
    var ntrains: Int?

    @Flag(name: .shortAndLong, help: "Also list each source's keys.")
    var verbose = false

    func run() async throws {
        if connection.matching { return try await runMatched() }
        let client = try BridgeClient(connection.clientConfiguration(0, queueDepth: 8))
        defer { client.close() }
        // SIGINT/SIGTERM: stop receiving, print the summary and exit 0.
        let signals = RecordSignals { _ in client.close() }
        defer { withExtendedLifetime(signals) {} }
        var tracker = TrainRateTracker()
        var received = 0
        func summary() -> String {
            let s = client.statistics.snapshot
            return "received \(s.trainsReceived) trains, \(tracker.missingTotal) missing, \(s.decodeErrors) malformed, \(s.dropped) dropped, \(GlimpseReport.formatBytes(s.bytesReceived))"
        }
        while let event = await client.next() {
            switch event {
            case let .train(train, raw):
                let line = tracker.record(trainID: train.trainID, at: raw.receivedAt)
                let sources = train.sources.count == 1 ? "1 source" : "\(train.sources.count) sources"
                var text = "train \(train.trainID.map(String.init) ?? "?")  \(sources)  \(GlimpseReport.formatBytes(raw.byteCount))"
                text += "  " + String(format: "%.1f Hz", line.rate)
                if line.missing > 0 { text += "  gap: \(line.missing) missing" }
                if line.backwards { text += "  (train ID went back)" }
                printLine(text)
                if verbose {
                    for (name, source) in train.sources {
                        printLine("  \(name): " + source.data.keys.joined(separator: ", "))
                    }
                }
                received += 1
                if let ntrains, received >= ntrains {
                    printLine(summary())
                    return
                }
            case let .decodeError(error, raw):
                printError("malformed message (\(raw.frames.count) frames, \(raw.byteCount) bytes): \(error)")
            case let .timeout(seconds, reconnected):
                printError("no data for \(seconds) s" + (reconnected ? "; reconnected and asked again" : ""))
            case let .socketError(text):
                printError(text)
                throw ExitCode(1)
            }
        }
        // Closed by a signal.
        printLine(summary())
    }
}

extension Monitor {
    /// Several inputs (or matching asked for): a line per matched train, the counters at the end.
    func runMatched() async throws {
        let (matcher, clients) = try connection.makeMatcher(queueDepth: 8)
        defer { for client in clients { client.close() } }
        let signals = RecordSignals { _ in
            for client in clients { client.close() }
            matcher.stop()
        }
        defer { withExtendedLifetime(signals) {} }
        let started = ContinuousClock.now
        var tracker = TrainRateTracker()
        var received = 0
        for await matched in matcher {
            let train = matched.train
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            let line = tracker.record(trainID: train.trainID, at: seconds)
            let sources = train.sources.count == 1 ? "1 source" : "\(train.sources.count) sources"
            var text = "train \(train.trainID.map(String.init) ?? "?")  \(sources)  " + String(format: "%.1f Hz", line.rate)
            if matched.isPartial { text += "  partial, missing: " + matched.missing.joined(separator: ", ") }
            if line.missing > 0 { text += "  gap: \(line.missing) missing" }
            printLine(text)
            if verbose {
                for (name, source) in train.sources {
                    printLine("  \(name) (train \(source.trainID.map(String.init) ?? "?")): " + source.data.keys.joined(separator: ", "))
                }
            }
            received += 1
            if let ntrains, received >= ntrains { break }
        }
        matcher.stop()
        printLine("received \(received) matched trains · " + matcher.counters.statusLine)
    }
}

/// Rate and train-ID gap bookkeeping for `monitor`.
struct TrainRateTracker {
    private var times: [Double] = []
    private var lastID: UInt64?
    private(set) var missingTotal = 0

    struct Line {
        var rate: Double
        var missing: Int
        var backwards: Bool
    }

    /// Records a train; rate over the last 20 trains.
    mutating func record(trainID: UInt64?, at time: Double) -> Line {
        times.append(time)
        if times.count > 20 { times.removeFirst() }
        let rate = times.count > 1 ? Double(times.count - 1) / max(times.last! - times.first!, 1e-9) : 0
        var missing = 0, backwards = false
        if let id = trainID, let last = lastID {
            if id > last + 1 { missing = Int(min(id - last - 1, UInt64(Int.max))) }
            if id <= last { backwards = true }
        }
        missingTotal += missing
        if let trainID { lastID = trainID }
        return Line(rate: rate, missing: missing, backwards: backwards)
    }
}
