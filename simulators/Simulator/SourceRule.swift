/// `SRC:VALUE`: a source pattern and a number. `SRC` is a source name, an fnmatch glob
/// (`SA1_XTD2_XGM/*`) or a kind (`xgm`, `detector`, …). Source names contain `:`, so the
/// value follows the **last** colon.
public struct SourceRule<Value: Sendable & Equatable>: Sendable, Equatable {
    /// The source name, glob or kind.
    public var pattern: String
    /// The number after the last colon.
    public var value: Value

    /// A rule for sources matching `pattern`.
    public init(pattern: String, value: Value) {
        self.pattern = pattern
        self.value = value
    }
}

extension SourceRule where Value == Int {
    /// Parses `SRC:INTEGER`.
    public static func parse(_ text: String, option: String) throws(SimulatorError) -> SourceRule<Int> {
        guard let colon = text.lastIndex(of: ":"), let n = Int(text[text.index(after: colon)...]),
              colon > text.startIndex else {
            throw .invalidOption("\(option) expects SRC:INTEGER, not '\(text)'")
        }
        return SourceRule(pattern: String(text[..<colon]), value: n)
    }
}

extension SourceRule where Value == Double {
    /// Parses `SRC:NUMBER`.
    public static func parse(_ text: String, option: String) throws(SimulatorError) -> SourceRule<Double> {
        guard let colon = text.lastIndex(of: ":"), let p = Double(text[text.index(after: colon)...]),
              colon > text.startIndex else {
            throw .invalidOption("\(option) expects SRC:PROBABILITY, not '\(text)'")
        }
        return SourceRule(pattern: String(text[..<colon]), value: p)
    }
}
