#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A shell-style pattern (`*`, `?`, `[…]`), matched as Python's `fnmatch.fnmatchcase` does
/// for the patterns EXtra-data's `--source`/`--key` options take (`*` also matches `/`).
public struct Glob: Sendable, Equatable, CustomStringConvertible {
    /// The pattern text.
    public let pattern: String

    public init(_ pattern: String) {
        self.pattern = pattern
    }

    /// Whether `text` matches.
    public func matches(_ text: String) -> Bool {
        if pattern == "*" { return true }
        return fnmatch(pattern, text, 0) == 0
    }

    public var description: String { pattern }
}
