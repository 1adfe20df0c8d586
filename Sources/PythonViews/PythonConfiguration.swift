import Foundation

/// How the Python workers are started.
public struct PythonConfiguration: Sendable, Hashable {
    /// The interpreter: a path, or a name looked up on `PATH` (default `python3`, or `$TRAINSPOTTER_PYTHON`).
    public var python: String
    /// Worker processes for per-train views (they run trains in parallel).
    public var workers: Int
    /// Seconds a view may take before its worker is killed and restarted.
    public var timeout: Double
    /// The folder holding the `trainspotter_views` package (found next to the binary or the sources when nil).
    public var packageDirectory: URL?

    public init(python: String? = nil, workers: Int = 2, timeout: Double = 10, packageDirectory: URL? = nil) {
        self.python = python ?? ProcessInfo.processInfo.environment["TRAINSPOTTER_PYTHON"] ?? "python3"
        self.workers = max(1, workers)
        self.timeout = timeout
        self.packageDirectory = packageDirectory
    }

    /// The folder holding `trainspotter_views`: `$TRAINSPOTTER_PYTHON_PACKAGE`, then `python/` beside or
    /// above the executable (`.build/debug/trainspotter` → the package's `python/`), then the source tree.
    public var resolvedPackageDirectory: URL? {
        let fm = FileManager.default
        func holds(_ url: URL) -> Bool { fm.fileExists(atPath: url.appendingPathComponent("trainspotter_views/worker.py").path) }
        var candidates: [URL] = []
        if let packageDirectory { candidates.append(packageDirectory) }
        if let env = ProcessInfo.processInfo.environment["TRAINSPOTTER_PYTHON_PACKAGE"] { candidates.append(URL(fileURLWithPath: env)) }
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(dir.appendingPathComponent("python"))
            dir.deleteLastPathComponent()
        }
        // This file is Sources/PythonViews/PythonConfiguration.swift.
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("python"))
        return candidates.first(where: holds)
    }
}
