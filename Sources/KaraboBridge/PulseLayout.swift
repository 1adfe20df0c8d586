#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the pulse axis sits in a detector array. The protocol carries no axis labels,
/// so the layout is always stated (by the caller or a ``SourceKinds`` entry), never guessed.
public enum PulseLayout: String, Sendable, CaseIterable {
    /// Online layout, pulse axis last: `(modules, fs, ss, pulses)` or `(fs, ss, pulses)`.
    case online
    /// File-like layout, pulse axis first: `(pulses, …)`.
    case file
}

/// Known source kinds: which sources use which pulse layout, by glob on the source name.
public struct SourceKinds: Sendable {
    /// One rule: sources matching `pattern` (fnmatch glob) use `layout`.
    public struct Rule: Sendable, Equatable {
        public var pattern: String
        public var layout: PulseLayout
        public init(pattern: String, layout: PulseLayout) {
            self.pattern = pattern
            self.layout = layout
        }
    }

    /// Rules, first match wins.
    public var rules: [Rule]

    public init(rules: [Rule]) { self.rules = rules }

    /// Layouts that do not depend on how a pipeline is configured: JUNGFRAU `data.adc` is
    /// `(memory cells, ss, fs)` online and in files. AGIPD/LPD/DSSC sources are deliberately
    /// absent: real pipelines have sent both layouts under the same names.
    public static let builtIn = SourceKinds(rules: [
        Rule(pattern: "*JF*:daqOutput", layout: .file),
        Rule(pattern: "*JNGFR*:daqOutput", layout: .file),
    ])

    /// Parses `GLOB=online|file`.
    public static func parseRule(_ text: String) -> Rule? {
        guard let eq = text.lastIndex(of: "="),
              let layout = PulseLayout(rawValue: String(text[text.index(after: eq)...])) else { return nil }
        return Rule(pattern: String(text[..<eq]), layout: layout)
    }

    /// The layout of `source`, if a rule names it.
    public func layout(for source: String) -> PulseLayout? {
        rules.first { fnmatch($0.pattern, source, 0) == 0 }?.layout
    }

    /// These rules first, then `other`'s.
    public func adding(_ other: SourceKinds) -> SourceKinds { SourceKinds(rules: rules + other.rules) }
}
