#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shell-pattern matching of source names (`*`, `?`, `[…]`; `*` also matches `/`).
enum SourcePattern {
    static func matches(_ pattern: String, _ name: String) -> Bool {
        pattern == "*" || fnmatch(pattern, name, 0) == 0
    }
}
