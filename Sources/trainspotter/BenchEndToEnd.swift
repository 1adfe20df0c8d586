import ArgumentParser

/// `trainspotter bench e2e`: placeholder until its benchmark lands.
struct BenchEndToEnd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "e2e",
        abstract: "End-to-end processing rate (owned by the views work; not written yet).")

    func run() async throws {
        throw ValidationError("bench e2e is not implemented yet")
    }
}
