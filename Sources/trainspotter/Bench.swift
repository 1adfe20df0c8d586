import ArgumentParser

/// `trainspotter bench`: benchmarks, each printing our figures beside a reference measured in the same run.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks (build with -c release): figures side by side with references from the same run.",
        subcommands: [BenchReceive.self, BenchOperators.self, BenchSimulate.self, BenchRecord.self,
                      BenchEndToEnd.self, BenchDashboard.self, BenchSoak.self, BenchPython.self])
}
