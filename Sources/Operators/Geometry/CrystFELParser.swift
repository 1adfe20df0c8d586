/// Reads the lines of a CrystFEL `.geom` file into raw entries (first pass), following
/// CrystFEL's rules: `;` starts a comment, a line is split at its first `=`, a top-level key
/// is a default for the panels first mentioned after it, and a panel's own value wins.
struct CrystFELParser {
    struct Entry { var value: String; var line: Int }

    let file: String
    /// The defaults in force (top-level panel keys seen so far).
    var defaults: [String: Entry] = [:]
    /// Top-level metadata keys (`clen`, `photon_energy`, …).
    var globals: [String: Entry] = [:]
    var panelOrder: [String] = []
    var panelEntries: [String: [String: Entry]] = [:]
    var panelLine: [String: Int] = [:]
    var badOrder: [String] = []
    var badEntries: [String: [String: Entry]] = [:]
    var badLine: [String: Int] = [:]
    var groups: [PanelGroup] = []

    init(file: String) { self.file = file }

    func error(_ line: Int, _ message: String) -> GeometryError { GeometryError(file: file, line: line, message) }

    mutating func read(_ text: String) throws(GeometryError) {
        var number = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let content = raw.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let line = CrystFELSyntax.trimmed(content)
            if line.isEmpty { continue }
            guard let eq = line.firstIndex(of: "=") else { throw error(number, "expected 'key = value', got '\(line)'") }
            let key = CrystFELSyntax.trimmed(line[..<eq])
            let value = CrystFELSyntax.trimmed(line[line.index(after: eq)...])
            guard !key.isEmpty else { throw error(number, "missing key before '='") }
            guard !value.isEmpty else { throw error(number, "missing value for '\(key)'") }
            try statement(key: key, value: value, line: number)
        }
    }

    mutating func statement(key: String, value: String, line: Int) throws(GeometryError) {
        guard let slash = key.firstIndex(of: "/") else { return try topLevel(key: key, value: value, line: line) }
        let name = String(key[..<slash]), property = String(key[key.index(after: slash)...])
        guard !name.isEmpty, !property.isEmpty, !property.contains("/") else { throw error(line, "malformed key '\(key)'") }
        if name.hasPrefix("bad") {
            guard CrystFELSyntax.badKeys.contains(property) else { throw error(line, "unknown key '\(property)' for bad region \(name)") }
            if badEntries[name] == nil { badOrder.append(name); badLine[name] = line; badEntries[name] = [:] }
            badEntries[name]?[property] = Entry(value: value, line: line)
            return
        }
        if name.hasPrefix("group") || name.hasPrefix("rigid_group") {
            throw error(line, "panel names must not start with 'group' or 'rigid_group' ('\(name)')")
        }
        guard CrystFELSyntax.isPanelKey(property) || CrystFELSyntax.globalOnly.contains(property) else {
            throw error(line, "unknown key '\(property)' for panel \(name)")
        }
        if panelEntries[name] == nil {
            panelOrder.append(name)
            panelLine[name] = line
            panelEntries[name] = defaults
        }
        panelEntries[name]?[property] = Entry(value: value, line: line)
    }

    mutating func topLevel(key: String, value: String, line: Int) throws(GeometryError) {
        for (prefix, collection) in [("rigid_group_collection_", true), ("rigid_group_", false), ("group_", false)]
        where key.hasPrefix(prefix) {
            let name = String(key.dropFirst(prefix.count))
            guard !name.isEmpty else { throw error(line, "group without a name") }
            let members = value.split(separator: ",").map { CrystFELSyntax.trimmed($0) }
            guard !members.contains(where: \.isEmpty) else { throw error(line, "empty member in group \(name)") }
            groups.append(PanelGroup(name: name, members: members, isCollection: collection, line: line))
            return
        }
        if CrystFELSyntax.globalOnly.contains(key) {
            globals[key] = Entry(value: value, line: line)
        } else if CrystFELSyntax.isPanelKey(key) {
            defaults[key] = Entry(value: value, line: line)
            if key == "data" { globals[key] = Entry(value: value, line: line) }
        } else {
            throw error(line, "unknown key '\(key)'")
        }
    }
}
