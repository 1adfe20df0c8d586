import Views

/// One decorated function of a context file, as the worker described it.
public struct PythonViewDescription: Sendable, Hashable {
    public struct Input: Sendable, Hashable {
        /// The function's argument.
        public var argument: String
        /// The annotation text (`karabo#SRC[key]`, `view#other`, …).
        public var path: String
        public var line: Int
    }

    public struct Parameter: Sendable, Hashable {
        public var name: String
        public var type: ParameterType
        public var defaultValue: ParameterValue
        public var line: Int
    }

    public var name: String
    /// The output kind (`.any` for `@View.Compute`).
    public var kind: ViewKind
    public var stage: Stage
    public var hidden: Bool
    public var file: String
    public var line: Int
    /// Changes whenever the function's source (with its decorators) changes.
    public var hash: String
    public var inputs: [Input]
    public var parameters: [Parameter]

    /// Reads the worker's description of one view.
    init?(_ json: [String: Any], file: String) {
        guard let name = json["name"] as? String, let kindText = json["kind"] as? String,
              let stageText = json["stage"] as? String, let stage = Stage(rawValue: stageText),
              let hash = json["hash"] as? String else { return nil }
        self.name = name
        self.kind = kindText == "compute" ? .any : (ViewKind(rawValue: kindText) ?? .any)
        self.stage = stage
        self.hidden = json["hidden"] as? Bool ?? false
        self.file = file
        self.line = json["line"] as? Int ?? 0
        self.hash = hash
        self.inputs = (json["inputs"] as? [[String: Any]] ?? []).compactMap { i in
            guard let arg = i["arg"] as? String, let path = i["path"] as? String else { return nil }
            return Input(argument: arg, path: path, line: i["line"] as? Int ?? 0)
        }
        self.parameters = (json["params"] as? [[String: Any]] ?? []).compactMap { p in
            guard let name = p["name"] as? String, let typeText = p["type"] as? String else { return nil }
            let type: ParameterType
            switch typeText {
            case "bool": type = .bool
            case "int": type = .int
            case "double": type = .double
            case "string": type = .string
            case "ints": type = .ints
            default: type = .doubles
            }
            guard let value = JSONBridge.parameter(p["default"], as: type) else { return nil }
            return Parameter(name: name, type: type, defaultValue: value, line: p["line"] as? Int ?? 0)
        }
    }
}
