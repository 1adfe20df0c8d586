import ArgumentParser
import CommandSupport
import Foundation
import Recording

/// `trainspotter convert`: a raw recording to European XFEL HDF5 files.
struct Convert: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert a raw recording into EuXFEL HDF5 files (a run directory extra_data opens).")

    enum Target: String, ExpressibleByArgument, CaseIterable {
        case hdf5
    }

    @Argument(help: "The raw recording (directory or .tsr segment).")
    var recording: String

    @Option(help: "The output format.")
    var to: Target = .hdf5

    @Option(help: "Output directory (created; it must not hold .h5 files yet).")
    var out: String

    @Option(help: "Start a new file before one grows beyond this many MB.")
    var maxFileSize: Double = 4096

    @Option(help: "The run number in file names and METADATA.")
    var runNumber = 0

    @Flag(help: "No progress lines.")
    var quiet = false

    func validate() throws {
        guard maxFileSize > 0 else { throw ValidationError("--max-file-size must be positive") }
    }

    func run() async throws {
        let quiet = quiet
        let status = StatusThrottle(interval: 1)
        let summary = try await RecordingConverter.toHDF5(
            recording: recording, directory: out,
            options: HDF5RecordingOptions(maxFileBytes: Int(maxFileSize * 1_000_000), runNumber: runNumber)) { done, total in
                if !quiet, status.due() { printStatus("converted \(done)/\(total) messages") }
            }
        let s = summary.statistics
        var line = "wrote \(s.messages) trains to \(summary.files.count) files in \(out)"
        if s.skippedMessages > 0 { line += "; skipped \(s.skippedMessages) messages that are not trains" }
        if s.skippedValues > 0 { line += "; \(s.skippedValues) values the EuXFEL layout cannot hold were left out" }
        printLine(line)
    }
}
