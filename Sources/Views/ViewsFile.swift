import Foundation
import OrderedCollections
import Yams

/// Reads views files (YAML) into ``ViewDefinition``s, keeping line numbers for error messages.
///
/// ```yaml
/// views:
///   roi:
///     operator: roi
///     input: SQS_ILH_LAS/CAM/BS_CAM_TT_OU1:output[data.image.pixels]
///     params: {x: 1000, y: 350, width: 500, height: 400}
///     hidden: true
///   smoothed_roi:
///     operator: gaussian
///     input: view:roi
///     params: {sigma: 5}
/// ```
public enum ViewsFile {
    /// The keys a view entry may have.
    static let viewKeys: Set<String> = ["operator", "input", "inputs", "params", "kind", "hidden", "stage", "description", "when"]

    /// Reads the file at `url`.
    public static func load(_ url: URL) throws(ViewsFileError) -> [ViewDefinition] {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ViewsFileError([ViewProblem(.syntax, view: nil, at: SourceLocation(file: url.path, line: 0),
                                              "cannot read the file: \(error.localizedDescription)")])
        }
        return try parse(text, file: url.path)
    }

    /// Parses views-file text; `file` names it in error messages.
    public static func parse(_ text: String, file: String = "<views>") throws(ViewsFileError) -> [ViewDefinition] {
        func at(_ node: Node?) -> SourceLocation { SourceLocation(file: file, line: node?.mark?.line ?? 0) }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ViewsFileError([ViewProblem(.syntax, view: nil, at: SourceLocation(file: file, line: yamlLine(error)),
                                              "not valid YAML: \(yamlProblem(error))")])
        } catch {
            throw ViewsFileError([ViewProblem(.syntax, view: nil, at: SourceLocation(file: file, line: 0), "not valid YAML: \(error)")])
        }
        guard let root, let top = root.mapping else {
            throw ViewsFileError([ViewProblem(.syntax, view: nil, at: at(root), "the file must be a mapping with a 'views' entry")])
        }
        var problems: [ViewProblem] = []
        for (key, _) in top where !["views", "version", "python"].contains(key.string ?? "") {
            problems.append(ViewProblem(.badEntry, view: nil, at: at(key), "unknown top-level entry '\(key.string ?? "?")' (expected 'views')"))
        }
        if let python = top["python"], pythonPaths(python) == nil {
            problems.append(ViewProblem(.badEntry, view: nil, at: at(python), "'python' must be a context file path or a list of them"))
        }
        if top["views"] == nil, top["python"] != nil, problems.isEmpty { return [] }
        guard let viewsNode = top["views"] else {
            problems.append(ViewProblem(.syntax, view: nil, at: at(root), "no 'views' entry"))
            throw ViewsFileError(problems)
        }
        guard let views = viewsNode.mapping else {
            problems.append(ViewProblem(.syntax, view: nil, at: at(viewsNode), "'views' must map view names to definitions"))
            throw ViewsFileError(problems)
        }
        var definitions: [ViewDefinition] = []
        var seen: [String: Int] = [:]
        for (nameNode, body) in views {
            guard let name = nameNode.string, !name.isEmpty else {
                problems.append(ViewProblem(.badEntry, view: nil, at: at(nameNode), "a view name must be a non-empty string"))
                continue
            }
            if let first = seen[name] {
                problems.append(ViewProblem(.duplicateView, view: name, at: at(nameNode), "defined twice (first at line \(first))"))
                continue
            }
            seen[name] = nameNode.mark?.line ?? 0
            if let definition = parseView(name: name, nameNode: nameNode, body: body, file: file, problems: &problems) {
                definitions.append(definition)
            }
        }
        if !problems.isEmpty { throw ViewsFileError(problems) }
        return definitions
    }

    /// The Python context files named under `python:` (one path or a list), relative to the views
    /// file's folder; empty when there are none or the file cannot be read.
    public static func pythonContexts(of url: URL) -> [URL] {
        guard let text = try? String(contentsOf: url, encoding: .utf8), let root = try? Yams.compose(yaml: text),
              let python = root.mapping?["python"], let paths = pythonPaths(python) else { return [] }
        let folder = url.deletingLastPathComponent()
        return paths.map { $0.hasPrefix("/") ? URL(fileURLWithPath: $0) : folder.appendingPathComponent($0).standardizedFileURL }
    }

    static func pythonPaths(_ node: Node) -> [String]? {
        if let s = node.string, !s.isEmpty { return [s] }
        guard let items = node.sequence else { return nil }
        let paths = items.compactMap(\.string)
        return paths.count == items.count ? paths : nil
    }

    static func parseView(name: String, nameNode: Node, body: Node, file: String, problems: inout [ViewProblem]) -> ViewDefinition? {
        func at(_ node: Node?) -> SourceLocation { SourceLocation(file: file, line: node?.mark?.line ?? nameNode.mark?.line ?? 0) }
        func problem(_ kind: ViewProblem.Kind, _ node: Node?, _ message: String) {
            problems.append(ViewProblem(kind, view: name, at: at(node), message))
        }
        guard isValidName(name) else {
            problem(.badEntry, nameNode, "view names may hold letters, digits, '_', '-' and '.' only")
            return nil
        }
        guard let map = body.mapping else {
            problem(.syntax, body, "a view must be a mapping with at least 'operator'")
            return nil
        }
        let before = problems.count
        var lines: [String: Int] = [:]
        for (key, value) in map {
            guard let k = key.string, viewKeys.contains(k) else {
                problem(.badEntry, key, "unknown entry '\(key.string ?? "?")' (expected one of \(viewKeys.sorted().joined(separator: ", ")))")
                continue
            }
            lines[k] = value.mark?.line ?? key.mark?.line
        }
        guard let opNode = map["operator"], let op = opNode.string, !op.isEmpty else {
            problem(.badEntry, body, "no 'operator'")
            return nil
        }
        var inputs = OrderedDictionary<String, InputPath>()
        func addInput(_ inputName: String, _ node: Node) {
            lines["inputs.\(inputName)"] = node.mark?.line
            guard let text = node.string, let path = InputPath(parsing: text) else {
                problem(.badPath, node, "input '\(inputName)': '\(node.string ?? "?")' is not SOURCE[key], view:NAME, train:id or train:timestamp")
                return
            }
            inputs[inputName] = path
        }
        if let single = map["input"] { addInput("", single) }
        if let many = map["inputs"] {
            if let m = many.mapping {
                for (k, v) in m {
                    guard let inputName = k.string else { continue }
                    addInput(inputName, v)
                }
            } else {
                problem(.syntax, many, "'inputs' must map operator input names to paths")
            }
        }
        var parameters = OrderedDictionary<String, ParameterValue>()
        var columns: [String: Int] = [:]
        if let paramsNode = map["params"] {
            if let m = paramsNode.mapping {
                for (k, v) in m {
                    guard let paramName = k.string else { continue }
                    lines["params.\(paramName)"] = k.mark?.line
                    if let mark = v.mark, let scalar = v.scalar {
                        lines["paramvalue.\(paramName)"] = mark.line
                        columns["params.\(paramName)"] = mark.column + (scalar.style == .singleQuoted || scalar.style == .doubleQuoted ? 1 : 0)
                    }
                    guard let value = parameterValue(v) else {
                        problem(.badParameter, k, "parameter '\(paramName)' must be a number, string, bool or list of those")
                        continue
                    }
                    parameters[paramName] = value
                }
            } else if paramsNode.null == nil {
                problem(.syntax, paramsNode, "'params' must be a mapping")
            }
        }
        var kind: ViewKind?
        if let kindNode = map["kind"] {
            kind = kindNode.string.flatMap(ViewKind.init(rawValue:))
            if kind == nil || kind == .any && kindNode.string != "any" {
                problem(.badEntry, kindNode, "kind must be one of \(ViewKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        var hidden = false
        if let hiddenNode = map["hidden"] {
            if let b = scalarBool(hiddenNode) { hidden = b } else { problem(.badEntry, hiddenNode, "hidden must be true or false") }
        }
        var stage: Stage?
        if let stageNode = map["stage"] {
            stage = stageNode.string.flatMap(Stage.init(rawValue:))
            if stage == nil { problem(.badEntry, stageNode, "stage must be 'train' or 'reduce'") }
        }
        let when = parseWhen(map["when"], problem: problem)
        guard problems.count == before else { return nil }
        return ViewDefinition(name: name, operatorName: op, inputs: inputs, parameters: parameters, kind: kind, hidden: hidden,
                              stage: stage, location: SourceLocation(file: file, line: nameNode.mark?.line ?? 0), lines: lines,
                              when: when, columns: columns)
    }

    /// Letters, digits, `_`, `-`, `.`.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "_-.".unicodeScalars.contains($0) }
    }

    static func scalarBool(_ node: Node) -> Bool? {
        guard let s = node.scalar, s.style == .plain || s.style == .any else { return nil }
        switch s.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }

    /// A YAML value as a parameter: plain scalars are read as bool, int or number when they look like one.
    static func parameterValue(_ node: Node) -> ParameterValue? {
        switch node {
        case let .scalar(s):
            if s.style == .plain || s.style == .any {
                if let b = scalarBool(node) { return .bool(b) }
                if let i = Int(s.string) { return .int(i) }
                if let d = Double(s.string) { return .double(d) }
                switch s.string.lowercased() {
                case ".nan": return .double(.nan)
                case ".inf", "+.inf": return .double(.infinity)
                case "-.inf": return .double(-.infinity)
                default: break
                }
            }
            return .string(s.string)
        case let .sequence(items):
            var out: [ParameterValue] = []
            for item in items {
                guard let v = parameterValue(item) else { return nil }
                out.append(v)
            }
            return .list(out)
        default:
            return nil
        }
    }

    static func yamlLine(_ error: YamlError) -> Int {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _): return mark.line
        default: return 0
        }
    }

    static func yamlProblem(_ error: YamlError) -> String {
        switch error {
        case let .scanner(context, problem, _, _), let .parser(context, problem, _, _), let .composer(context, problem, _, _):
            return (context.map { "\($0.text) " } ?? "") + problem
        default: return "\(error)"
        }
    }
}
