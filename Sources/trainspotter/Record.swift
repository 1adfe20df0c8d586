import ArgumentParser
import BridgeSockets
import CommandSupport
import Foundation
import KaraboBridge
import Recording

/// `trainspotter record`: store a stream, bit-exact or as European XFEL HDF5 files.
struct Record: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record a stream: every message bit-exact with its receive time (raw), or as EuXFEL HDF5 files.",
        discussion: """
            The raw format (docs/recording-format.md) is append-only and survives a crash: after \
            SIGKILL every complete message reads back. SIGINT/SIGTERM stop cleanly. Replay with \
            `trainspotter replay DIR`; convert with `trainspotter convert DIR --to hdf5`.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case raw, hdf5
    }

    @OptionGroup var connection: InputOptions

    @Option(help: "Output directory (created; it must not hold a recording yet).")
    var out: String

    @Option(help: "raw (bit-exact container) or hdf5 (European XFEL data format).")
    var format: Format = .raw

    @Option(help: "Stop after this many trains.")
    var ntrains: Int?

    @Option(help: "Stop after this many seconds.")
    var duration: Double?

    @Option(help: "Start a new file before one grows beyond this many MB.")
    var maxFileSize: Double = 4096

    @Option(help: "HDF5: the run number in file names and METADATA.")
    var runNumber = 0

    @Option(help: "Raw: fdatasync the files at least every this many seconds (default: never; the kernel writes them).")
    var syncInterval: Double?

    @Option(help: "Seconds between progress lines.")
    var statusInterval: Double = 1

    @Flag(help: "No progress lines.")
    var quiet = false

    func validate() throws {
        guard maxFileSize > 0 else { throw ValidationError("--max-file-size must be positive") }
        if let ntrains, ntrains <= 0 { throw ValidationError("--ntrains must be positive") }
        if let duration, duration <= 0 { throw ValidationError("--duration must be positive") }
        guard statusInterval > 0 else { throw ValidationError("--status-interval must be positive") }
    }

    func run() async throws {
        var configuration = connection.clientConfiguration(0, queueDepth: 1)
        configuration.noDrop = true  // record everything that arrives: slow disks push back on the stream
        let maxBytes = Int(maxFileSize * 1_000_000)
        let recorder: any MessageRecorder
        switch format {
        case .raw:
            // One message queued ahead of the writer: little held in memory if we are killed.
            recorder = try await RecordingWriter.create(directory: out, options: RawRecordingOptions(
                maxFileBytes: maxBytes, queueDepth: 1, syncInterval: syncInterval,
                info: ["endpoint": connection.endpoints.map { Endpoint.normalize($0) }.joined(separator: ","),
                       "pattern": configuration.pattern.rawValue]))
        case .hdf5:
            recorder = try await HDF5RecordingWriter.create(directory: out, options: HDF5RecordingOptions(
                maxFileBytes: maxBytes, runNumber: runNumber))
        }
        if connection.matching { return try await recordMatched(into: recorder) }
        let client = try BridgeClient(configuration)
        let signals = RecordSignals { _ in client.close() }
        let timer = duration.map { seconds in Task { try await Task.sleep(for: .seconds(seconds)); client.close() } }
        let reporter = quiet ? nil : Task {
            var progress = RecordProgress()
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(statusInterval))
                printStatus(progress.line(recorder.statistics.snapshot))
            }
        }
        let started = Date()
        printLine("recording \(configuration.endpoint) (\(format.rawValue)) into \(out)")
        var failure: Error?
        var count = 0
        var notTrains = 0
        events: for await event in client {
            do {
                switch event {
                case let .train(train, raw):
                    try await recorder.append(raw, train: train)
                    count += 1
                    if let ntrains, count >= ntrains { break events }
                case let .decodeError(error, raw):
                    guard !raw.frames.isEmpty else { continue }
                    if format == .raw {
                        try await recorder.append(raw, train: nil)
                        notTrains += 1
                        printError("stored a message that is not a train (\(raw.frames.count) frames): \(error)")
                    } else {
                        printError("skipped a message that is not a train (\(raw.frames.count) frames): \(error)")
                    }
                case let .timeout(seconds, reconnected):
                    printError("no data for \(seconds) s" + (reconnected ? "; reconnected and asked again" : ""))
                case let .socketError(text):
                    printError(text)
                    failure = ExitCode(1)
                    break events
                }
            } catch {
                printError("recording failed: \(error)")
                failure = error
                break events
            }
        }
        client.close()
        timer?.cancel()
        reporter?.cancel()
        withExtendedLifetime(signals) {}
        let summary = try await recorder.close()
        let s = summary.statistics
        let seconds = Date().timeIntervalSince(started)
        if !quiet && isatty(STDERR_FILENO) != 0 { FileHandle.standardError.write(Data("\n".utf8)) }
        printLine("recorded \(s.messages) trains" + (notTrains > 0 ? " (\(notTrains) of them messages that are not trains)" : "")
              + ", \(String(format: "%.3f", Double(s.messageBytes) / 1e9)) GB in "
              + String(format: "%.1f s", seconds) + ", drops \(s.missingTrains), \(summary.files.count) files in \(out)")
        if let failure { throw failure is ExitCode ? failure : ExitCode(1) }
    }
}
