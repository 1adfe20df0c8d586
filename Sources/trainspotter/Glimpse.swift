import ArgumentParser
import BridgeSockets
import CommandSupport
import Foundation
import KaraboBridge

/// `trainspotter glimpse`: show one train.
struct Glimpse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Receive one train and describe it: sources, keys, types, dtypes, shapes, metadata.")

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Flag(name: .shortAndLong, help: "Also print array statistics (min, max, mean) in text mode.")
    var verbose = false

    func run() async throws {
        let client = try BridgeClient(connection.clientConfiguration())
        defer { client.close() }
        let started = Date()
        while let event = await client.next() {
            switch event {
            case let .train(train, raw):
                let elapsed = Date().timeIntervalSince(started)
                if json {
                    print(try GlimpseReport.json(train))
                } else {
                    print(GlimpseReport.text(train, raw: raw, elapsed: elapsed, verbose: verbose), terminator: "")
                }
                return
            case let .decodeError(error, raw):
                printError("skipped a malformed message (\(raw.frames.count) frames, \(raw.byteCount) bytes): \(error)")
            case let .timeout(seconds, _):
                printError("no data received from \(connection.clientConfiguration().endpoint) in \(seconds) s")
                throw ExitCode(2)
            case let .socketError(text):
                printError(text)
                throw ExitCode(1)
            }
        }
    }
}
