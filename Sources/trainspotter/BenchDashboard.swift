import ArgumentParser

/// `trainspotter bench dashboard`: placeholder until its benchmark lands.
struct BenchDashboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Dashboard impact on processing (owned by the dashboard work; not written yet).")

    func run() async throws {
        throw ValidationError("bench dashboard is not implemented yet")
    }
}
