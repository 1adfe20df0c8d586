import Views

/// Where a Python view's argument comes from, read from its annotation.
enum PythonPath: Sendable, Hashable {
    case input(InputPath)
    /// `internal#ctx_version`: how many times the context was (re)loaded.
    case contextVersion

    /// Resolves EXtra-metro annotations: an explicit `type#` prefix wins (`karabo#`, `view#`,
    /// `internal#`), then our `view:NAME`, `train:id`, `train:timestamp`, then a known view name,
    /// then `SOURCE[key]` (pipeline data), then `DEVICE.property` (control data). Nil: unknown.
    static func resolve(_ text: String, views: Set<String>) -> PythonPath? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let rest = t.dropPrefix("internal#") {
            switch rest {
            case "train_id", "event_id": return .input(.trainID)
            case "timestamp": return .input(.timestamp)
            case "ctx_version": return .contextVersion
            default: return nil
            }
        }
        if let rest = t.dropPrefix("view#") { return rest.isEmpty ? nil : .input(.view(rest)) }
        if let rest = t.dropPrefix("karabo#") { return karabo(rest).map(PythonPath.input) }
        if t.hasPrefix("view:") || t.hasPrefix("train:") { return InputPath(parsing: t).map(PythonPath.input) }
        if views.contains(t) { return .input(.view(t)) }
        return karabo(t).map(PythonPath.input)
    }

    /// `SOURCE[key]` or `DEVICE.property` (the device ends at the first `.` after its last `/`).
    static func karabo(_ text: String) -> InputPath? {
        if text.hasSuffix("]"), text.contains("[") { return InputPath(parsing: text) }
        let deviceEnd = text.lastIndex(of: "/").map { text.index(after: $0) } ?? text.startIndex
        guard let dot = text[deviceEnd...].firstIndex(of: ".") else { return nil }
        let device = String(text[..<dot]), property = String(text[text.index(after: dot)...])
        guard !device.isEmpty, !property.isEmpty else { return nil }
        return .source(device, key: property)
    }
}

extension String {
    func dropPrefix(_ prefix: String) -> String? { hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil }
}
