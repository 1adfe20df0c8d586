import Foundation

/// Where the tests find the package, the shared reference material and the Python peers.
public enum TestEnvironment {
    /// The package root (the folder holding `Package.swift`).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// `../shared` beside the package root, or `$TRAINSPOTTER_SHARED`.
    public static let sharedDirectory: URL = {
        if let path = ProcessInfo.processInfo.environment["TRAINSPOTTER_SHARED"] { return URL(fileURLWithPath: path) }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }()

    /// The Python interpreter of the venv holding the real peers (`.ci/setup` makes it),
    /// or `$TRAINSPOTTER_PYTHON`.
    public static let python: String = {
        if let path = ProcessInfo.processInfo.environment["TRAINSPOTTER_PYTHON"] { return path }
        return packageRoot.appendingPathComponent(".venv/bin/python").path
    }()

    /// Folder of the Python peer scripts used by the tests.
    public static let peersDirectory = packageRoot.appendingPathComponent("Tests/Peers")

    /// The `trainspotter` binary of the configuration the tests were built in.
    public static var trainspotterBinary: URL {
        // The test bundle lives in the same build folder as the executable.
        let bundle = Bundle.main.bundleURL
        var dir = bundle
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("trainspotter")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        let config = (ProcessInfo.processInfo.arguments.first ?? "").contains("/release/") ? "release" : "debug"
        return packageRoot.appendingPathComponent(".build/\(config)/trainspotter")
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago.
    public static func freePort() -> Int {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        precondition(fd >= 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// A fresh temporary folder, inside this test process's own scratch folder
    /// (``scratchRoot``), which is removed when the process exits.
    public static func temporaryDirectory(_ name: String = "trainspotter") throws -> URL {
        let url = scratchRoot.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `<tmp>/trainspotter-tests-<pid>`: every ``temporaryDirectory(_:)`` of this process. Removed
    /// at exit; a process that crashed leaves its folder behind, so the first use also removes the
    /// folders of test processes that are no longer running (recordings can be large).
    public static let scratchRoot: URL = {
        let fm = FileManager.default
        let tmp = fm.temporaryDirectory
        let prefix = "trainspotter-tests-"
        for entry in (try? fm.contentsOfDirectory(atPath: tmp.path)) ?? [] where entry.hasPrefix(prefix) {
            guard let pid = Int32(entry.dropFirst(prefix.count)), pid != getpid(),
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? fm.removeItem(at: tmp.appendingPathComponent(entry))
        }
        let root = tmp.appendingPathComponent("\(prefix)\(getpid())")
        try? fm.createDirectory(at: root, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TestEnvironment.scratchRoot) }
        return root
    }()
}
