import ArgumentParser
import CommandSupport

/// `trainspotter`: a live monitor for Karabo Bridge streams.
@main
struct Trainspotter: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trainspotter",
        abstract: "Receive, inspect, process and serve European XFEL Karabo Bridge streams.",
        subcommands: [Glimpse.self, Monitor.self, Run.self, Record.self, Replay.self, Convert.self, Simulate.self, Compare.self])

    /// Tunes the allocator, then runs the chosen subcommand.
    static func main() async {
        MemoryTuning.apply()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
