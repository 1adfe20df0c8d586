extension JSONValue {
    /// How ``text(_:)`` writes.
    public struct Formatting: Sendable {
        /// What non-finite doubles (NaN, ±infinity), which JSON has no numbers for, become.
        public enum NonFinite: Sendable {
            /// `null` (what browsers' `JSON.parse` and most readers accept).
            case null
            /// The strings `"NaN"`, `"Infinity"`, `"-Infinity"` (what Python's `json` module reads back as floats).
            case string
        }

        /// Members in sorted key order instead of their own order.
        public var sortedKeys: Bool
        public var nonFinite: NonFinite

        public init(sortedKeys: Bool = false, nonFinite: NonFinite = .null) {
            self.sortedKeys = sortedKeys
            self.nonFinite = nonFinite
        }
    }

    /// Compact JSON text (UTF-8, `/` not escaped, members in their order, non-finite → `null`).
    public var text: String { formatted(Formatting()) }

    /// Compact JSON text written as `formatting` says.
    public func formatted(_ formatting: Formatting) -> String {
        var out = ""
        write(into: &out, formatting)
        return out
    }

    private func write(into out: inout String, _ f: Formatting) {
        switch self {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .int(i): out += String(i)
        case let .uint(u): out += String(u)
        case let .double(d):
            if d.isFinite {
                // Whole numbers without a fraction, as JavaScript and Python print them.
                if d == d.rounded(), abs(d) < 1e15 { out += String(Int64(d)) } else { out += "\(d)" }
            } else {
                switch f.nonFinite {
                case .null: out += "null"
                case .string: out += d.isNaN ? "\"NaN\"" : d > 0 ? "\"Infinity\"" : "\"-Infinity\""
                }
            }
        case let .string(s): Self.writeString(s, into: &out)
        case let .array(items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(into: &out, f)
            }
            out += "]"
        case let .object(members):
            out += "{"
            let pairs = f.sortedKeys ? members.elements.sorted { $0.key < $1.key } : Array(members.elements)
            for (i, pair) in pairs.enumerated() {
                if i > 0 { out += "," }
                Self.writeString(pair.key, into: &out)
                out += ":"
                pair.value.write(into: &out, f)
            }
            out += "}"
        }
    }

    private static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
