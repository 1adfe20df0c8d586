import Yams

extension ViewsFile {
    /// `when: view:FILTER` or a list of those: the filters (view names) that must all pass.
    static func parseWhen(_ node: Node?, problem: (ViewProblem.Kind, Node?, String) -> Void) -> [String] {
        guard let node else { return [] }
        let items: [Node]
        if let sequence = node.sequence { items = Array(sequence) } else { items = [node] }
        var names: [String] = []
        for item in items {
            guard let text = item.string, let path = InputPath(parsing: text), let name = path.viewName else {
                problem(.badPath, item, "when: '\(item.string ?? "?")' is not view:FILTER (or a list of those)")
                continue
            }
            names.append(name)
        }
        return names
    }
}

extension InputPath {
    /// Names usable for inputs chosen by the view (expression variables, composite filters): an identifier.
    static func isValidInputName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }
}
