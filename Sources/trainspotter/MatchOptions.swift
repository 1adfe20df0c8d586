import ArgumentParser
import Matching

/// How the trains of several inputs are matched by train ID (`run`, `monitor`, `record`).
struct MatchOptions: ParsableArguments {
    @Option(help: "Match: seconds a train waits for its missing sources (then dropped, or sent with --partial).")
    var matchTimeout: Double?

    @Flag(help: "Match: after the match timeout, process a train with the sources present instead of dropping it.")
    var partial = false

    @Option(help: "Match: trains held at most while waiting (the oldest is completed or dropped first).")
    var matchWindow: Int?

    @Option(name: .customLong("require"), help: "Match: a source (shell pattern) every train needs; repeatable. Default: the sources of the first trains.")
    var require: [String] = []

    /// Whether any matching option was given.
    var asked: Bool { matchTimeout != nil || partial || matchWindow != nil || !require.isEmpty }

    func validate() throws {
        if let problem = configuration.problem { throw ValidationError(problem) }
    }

    /// The matcher's configuration.
    var configuration: MatchConfiguration {
        var configuration = MatchConfiguration(partial: partial, require: require)
        if let matchTimeout { configuration.timeout = matchTimeout }
        if let matchWindow { configuration.window = matchWindow }
        return configuration
    }
}
