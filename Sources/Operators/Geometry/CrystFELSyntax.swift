/// The value syntax of CrystFEL `.geom` files: numbers, pixel vectors, quantities with units.
enum CrystFELSyntax {
    /// Keys allowed only at the top level.
    static let globalOnly: Set<String> = [
        "clen", "photon_energy", "wavelength", "electron_voltage", "bandwidth", "peak_list", "peak_list_type",
        "detector_shift_x", "detector_shift_y", "hdf5_peak_path",
    ]
    /// Keys a panel takes (and that may also be top-level defaults for the panels that follow).
    static let panelKeys: Set<String> = [
        "min_fs", "max_fs", "min_ss", "max_ss", "fs", "ss", "corner_x", "corner_y", "coffset", "res",
        "adu_per_eV", "adu_per_photon", "max_adu", "data", "no_index", "mask", "mask_file", "mask_good", "mask_bad",
        "mask_edge_pixels", "saturation_map", "saturation_map_file", "flag_lessthan", "flag_morethan", "flag_equal",
        "badrow_direction", "clen_for_centering",
    ]
    /// Keys of bad regions.
    static let badKeys: Set<String> = ["min_x", "max_x", "min_y", "max_y", "min_fs", "max_fs", "min_ss", "max_ss", "panel"]

    /// Whether `key` is a known panel key (`dimN` and `maskN_…` included).
    static func isPanelKey(_ key: String) -> Bool {
        if panelKeys.contains(key) { return true }
        if key.hasPrefix("dim"), Int(key.dropFirst(3)) != nil { return true }
        if key.hasPrefix("mask"), key.count > 5, let digit = key.dropFirst(4).first, digit.isNumber {
            let rest = key.dropFirst(5)
            return ["_data", "_file", "_goodbits", "_badbits"].contains(String(rest))
        }
        return false
    }

    /// `text` without leading and trailing spaces and tabs.
    static func trimmed<S: StringProtocol>(_ text: S) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let start = text.firstIndex(where: { !isSpace($0) }), let end = text.lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(text[start...end])
    }

    /// A decimal number (`5`, `-1.`, `+0.5`, `1e-3`); nil unless finite.
    static func number(_ text: String) -> Double? {
        let t = trimmed(text)
        guard !t.isEmpty, let v = Double(t) ?? (t.hasSuffix(".") ? Double(t + "0") : nil), v.isFinite else { return nil }
        return v
    }

    /// An integer index.
    static func integer(_ text: String) -> Int? { Int(trimmed(text)) }

    /// A pixel vector such as `+0.001945x -0.999996y`, `-1.x +0.y`, `0.5x+0.5y-0.0001z` or `x`.
    /// Omitted components are 0 (CrystFEL's rule). Exponents are not allowed (neither CrystFEL
    /// nor EXtra-geom accepts them).
    static func vector(_ text: String) -> SIMD3<Double>? {
        var out = SIMD3<Double>(0, 0, 0)
        var seen = Set<Character>()
        var term = ""
        var any = false
        for ch in text where ch != " " && ch != "\t" {
            switch ch {
            case "x", "y", "z":
                guard !seen.contains(ch) else { return nil }
                seen.insert(ch)
                var digits = term
                var sign = 1.0
                if let first = digits.first, first == "+" || first == "-" {
                    sign = first == "-" ? -1 : 1
                    digits.removeFirst()
                }
                let magnitude: Double
                if digits.isEmpty { magnitude = 1 } else {
                    guard digits.allSatisfy({ $0.isNumber || $0 == "." }), let m = number(digits) else { return nil }
                    magnitude = m
                }
                out[ch == "x" ? 0 : ch == "y" ? 1 : 2] = sign * magnitude
                term = ""
                any = true
            case "+", "-":
                guard term.isEmpty else { return nil }
                term.append(ch)
            case "0"..."9", ".":
                term.append(ch)
            default:
                return nil
            }
        }
        return any && term.isEmpty ? out : nil
    }

    /// A quantity with an optional unit: `0.2`, `0.2 m`, `200 mm`, `9.3 keV`. `units` maps
    /// accepted suffixes to factors into the base unit; the bare number is in `bareFactor`.
    static func quantity(_ text: String, units: [String: Double], bareFactor: Double = 1) -> Double? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if parts.count == 1 { return number(parts[0]).map { $0 * bareFactor } }
        guard parts.count == 2, let v = number(parts[0]), let f = units[parts[1]] else { return nil }
        return v * f
    }
}
