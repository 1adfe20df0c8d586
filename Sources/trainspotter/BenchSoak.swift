import ArgumentParser

/// `trainspotter bench soak`: placeholder until its benchmark lands.
struct BenchSoak: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "Memory soak (owned by the hardening work; not written yet).")

    func run() async throws {
        throw ValidationError("bench soak is not implemented yet")
    }
}
