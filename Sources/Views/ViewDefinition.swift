import OrderedCollections

/// Where something was written: a file and a line (1-based; 0 when not from a file).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    /// The 1-based column, 0 when not known.
    public var column: Int

    public init(file: String, line: Int, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { line > 0 ? "\(file):\(line)" + (column > 0 ? ":\(column)" : "") : file }
}

/// One view as written in a views file (or built in Swift): not yet checked.
public struct ViewDefinition: Sendable, Hashable {
    /// The view's name (results are published as `view/NAME`).
    public var name: String
    /// The operator computing it.
    public var operatorName: String
    /// Operator input name → where it comes from.
    public var inputs: OrderedDictionary<String, InputPath>
    /// Parameters as written.
    public var parameters: OrderedDictionary<String, ParameterValue>
    /// The kind the author declared, if any (checked against the operator's output).
    public var kind: ViewKind?
    /// Hidden views are computed for other views but not published.
    public var hidden: Bool
    /// A stage the author asked for (a view never runs earlier than its operator and inputs need).
    public var stage: Stage?
    /// Where the view starts in the file.
    public var location: SourceLocation
    /// Lines of individual entries (`params.sigma`, `inputs.image`, `operator`, …), for precise errors.
    public var lines: [String: Int]
    /// Filters (view names) that must all pass for the view to run (`when:`).
    public var when: [String]
    /// Columns where parameter values' text starts (`params.expr`), for errors inside a value.
    public var columns: [String: Int]

    public init(name: String, operatorName: String, inputs: OrderedDictionary<String, InputPath> = [:],
                parameters: OrderedDictionary<String, ParameterValue> = [:], kind: ViewKind? = nil, hidden: Bool = false,
                stage: Stage? = nil, location: SourceLocation = SourceLocation(file: "<swift>", line: 0), lines: [String: Int] = [:],
                when: [String] = [], columns: [String: Int] = [:]) {
        self.when = when
        self.columns = columns
        self.name = name
        self.operatorName = operatorName
        self.inputs = inputs
        self.parameters = parameters
        self.kind = kind
        self.hidden = hidden
        self.stage = stage
        self.location = location
        self.lines = lines
    }

    /// What decides whether a running view keeps its state: operator, inputs, parameters, stage.
    /// Hiding or moving a view in the file does not change it.
    public var fingerprint: Fingerprint {
        Fingerprint(operatorName: operatorName, inputs: inputs, parameters: parameters, stage: stage, kind: kind, when: when)
    }

    /// See ``fingerprint``.
    public struct Fingerprint: Sendable, Hashable {
        var operatorName: String
        var inputs: OrderedDictionary<String, InputPath>
        var parameters: OrderedDictionary<String, ParameterValue>
        var stage: Stage?
        var kind: ViewKind?
        var when: [String]
    }

    /// The location of an entry (`params.sigma`), else of the view.
    func location(of entry: String) -> SourceLocation {
        guard let line = lines[entry] else { return location }
        return SourceLocation(file: location.file, line: line)
    }

    /// The location of `column` (1-based) inside the text of parameter `name`'s value.
    func location(ofParameter name: String, column: Int) -> SourceLocation {
        guard let start = columns["params.\(name)"] else { return location(of: "params.\(name)") }
        let line = lines["paramvalue.\(name)"] ?? lines["params.\(name)"] ?? location.line
        return SourceLocation(file: location.file, line: line, column: start + column - 1)
    }
}
