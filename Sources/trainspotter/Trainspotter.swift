import ArgumentParser

/// `trainspotter`: a live monitor for Karabo Bridge streams.
@main
struct Trainspotter: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trainspotter",
        abstract: "Receive, inspect, process and serve European XFEL Karabo Bridge streams.",
        subcommands: [Glimpse.self, Monitor.self, Bench.self])
}
