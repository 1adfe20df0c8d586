extension DType {
    /// Whether `name` is a dtype as numpy spells it (`str(dtype)` or `dtype.str`), including the
    /// types this decoder keeps opaque (`datetime64[ns]`, `<M8[ns]`, `|V8`, `object`, structured
    /// dtypes). The decoder rejects arrays whose dtype is anything else (`''`, `uint17`, `banana`)
    /// as an unknown dtype, while the known-but-uninterpreted ones still travel as opaque bytes.
    public static func isNumpySpelling(_ name: String) -> Bool {
        if DType(parsing: name).kind != .opaque { return true }
        if opaqueNames.contains(name) { return true }
        // Structured dtypes: `[('a', '<i4'), …]` or the aligned `{'names': …}` form.
        if name.hasPrefix("[("), name.hasSuffix(")]") { return true }
        if name.hasPrefix("{'names'"), name.hasSuffix("}") { return true }
        // datetime64[unit] / timedelta64[unit], optionally with a multiplier: `timedelta64[10ms]`.
        for base in ["datetime64", "timedelta64"] where name.hasPrefix(base) {
            return isUnitSuffix(name.dropFirst(base.count))
        }
        // Typestrs of opaque kinds: `|V8`, `|O`, `<M8[ns]`, `>m8`.
        var rest = Substring(name)
        if let first = rest.first, "<>|=".contains(first) { rest = rest.dropFirst() }
        guard let code = rest.first else { return false }
        rest = rest.dropFirst()
        switch code {
        case "V": return !rest.isEmpty && rest.allSatisfy(\.isASCIIDigit)
        case "O": return rest.isEmpty || rest == "8"
        case "M", "m":
            guard rest.hasPrefix("8") else { return false }
            return isUnitSuffix(rest.dropFirst())
        default: return false
        }
    }

    /// Names numpy gives types without a fixed interpretation here.
    private static let opaqueNames: Set<String> = [
        "object", "float128", "complex256", "longdouble", "clongdouble", "void", "StringDType()",
    ]

    /// Empty, or `[` digits? letters `]` (`[ns]`, `[10ms]`, `[generic]`).
    private static func isUnitSuffix(_ text: Substring) -> Bool {
        if text.isEmpty { return true }
        guard text.first == "[", text.last == "]", text.count > 2 else { return false }
        let inner = text.dropFirst().dropLast()
        let letters = inner.drop(while: \.isASCIIDigit)
        return !letters.isEmpty && letters.allSatisfy { $0.isASCII && $0.isLetter }
    }
}

extension Character {
    /// Whether this is one of `0`…`9`.
    var isASCIIDigit: Bool { isASCII && isNumber }
}
