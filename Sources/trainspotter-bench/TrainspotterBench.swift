import ArgumentParser
import CommandSupport

/// `trainspotter-bench`: benchmarks, each printing our figures beside a reference measured in the same run.
/// Children (simulators, `run`) are the `trainspotter` tool built beside this executable.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trainspotter-bench",
        abstract: "Benchmarks (build with -c release): figures side by side with references from the same run.",
        subcommands: [BenchReceive.self, BenchOperators.self, BenchSimulate.self, BenchRecord.self,
                      BenchEndToEnd.self, BenchDashboard.self, BenchSoak.self, BenchPython.self, BenchReplay.self, BenchReductions.self, BenchSelect.self, BenchGeometry.self])

    /// Tunes the allocator as `trainspotter` does, then runs the chosen benchmark.
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
