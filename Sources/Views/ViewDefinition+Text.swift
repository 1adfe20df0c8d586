extension ViewDefinition {
    /// The definition as views-file YAML (for files that record how a result was made, e.g. a saved cube).
    public var text: String {
        var lines = ["\(name):", "  operator: \(operatorName)"]
        if !inputs.isEmpty {
            lines.append("  inputs: {" + inputs.map { "\($0.key.isEmpty ? "input" : $0.key): \"\($0.value)\"" }.joined(separator: ", ") + "}")
        }
        if !parameters.isEmpty {
            lines.append("  params: {" + parameters.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}")
        }
        if !when.isEmpty { lines.append("  when: [" + when.map { "view:\($0)" }.joined(separator: ", ") + "]") }
        if let kind { lines.append("  kind: \(kind)") }
        if let stage { lines.append("  stage: \(stage.rawValue)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
