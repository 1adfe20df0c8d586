import Foundation

/// Finds the project's executables, which SwiftPM builds into one folder.
package enum Executables {
    /// The path of the running executable.
    package static var current: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// The `trainspotter` tool built beside the running executable (benchmarks run it as a child),
    /// or `$TRAINSPOTTER_BINARY`.
    package static var trainspotter: String {
        if let path = ProcessInfo.processInfo.environment["TRAINSPOTTER_BINARY"] { return path }
        return URL(fileURLWithPath: current).deletingLastPathComponent().appendingPathComponent("trainspotter").path
    }
}
