#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Matches `--late-source`/`--missing-source` patterns: a kind (`xgm`), a name or an fnmatch glob.
public enum SourceSelector {
    /// Whether `pattern` selects the source `name` of kind `kind`.
    public static func matches(_ pattern: String, name: String, kind: SourceKind) -> Bool {
        if pattern.lowercased() == kind.rawValue { return true }
        return pattern == name || fnmatch(pattern, name, 0) == 0
    }
}
