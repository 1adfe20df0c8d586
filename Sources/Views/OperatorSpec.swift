/// A problem with a view's parameters found by an operator's own checks at load time.
public struct ParameterProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The parameter at fault, if one is.
    public var parameter: String?
    /// What is wrong.
    public var message: String
    /// The 1-based column within the parameter's text where the problem is (e.g. an expression's syntax error).
    public var column: Int?

    public init(_ message: String, parameter: String? = nil, column: Int? = nil) {
        self.message = message
        self.parameter = parameter
        self.column = column
    }

    public var description: String { message }
}

/// An operator a view can use: its inputs, parameters, stage, output kind and how to build
/// the processor that computes it. Built-in operators and Swift views are both registered as
/// ``OperatorSpec``s in an ``OperatorLibrary``.
public struct OperatorSpec: Sendable {
    /// The name used after `operator:` in a views file.
    public var name: String
    /// One line for the documentation.
    public var summary: String
    /// The named inputs.
    public var inputs: [InputSpec]
    /// The parameters.
    public var parameters: [ParameterSpec]
    /// The stage it needs (`reduce` when it keeps state across trains).
    public var stage: Stage
    /// The output kind, given the checked parameters and the kinds of the connected inputs
    /// (`.any` for inputs not known before data flows).
    public var outputKind: @Sendable (_ parameters: Parameters, _ inputKinds: [String: ViewKind]) -> ViewKind
    /// Builds a processor (at load time, off the processing path); throws for parameter values
    /// that have the right type but make no sense (e.g. a negative sigma).
    public var make: @Sendable (_ parameters: Parameters) throws(ParameterProblem) -> any ViewProcessor
    /// Kinds accepted by inputs whose names the view chooses (`all_of`, `expression`); nil: only ``inputs``.
    public var variadicInputs: KindSet? = nil
    /// Whether views of this operator are filters: they may be named in `when:` and are counted as pass / reject.
    public var isFilter = false
    /// Inputs that must read a filter view (`"*"`: every input).
    public var filterInputs: Set<String> = []
    /// Load-time checks that need the connected inputs' names and kinds (e.g. the names an expression uses).
    public var checkInputs: (@Sendable (_ parameters: Parameters, _ inputKinds: [String: ViewKind]) -> [ParameterProblem])? = nil

    public init(name: String, summary: String, inputs: [InputSpec], parameters: [ParameterSpec] = [],
                stage: Stage = .train,
                outputKind: @escaping @Sendable (_ parameters: Parameters, _ inputKinds: [String: ViewKind]) -> ViewKind,
                make: @escaping @Sendable (_ parameters: Parameters) throws(ParameterProblem) -> any ViewProcessor) {
        self.name = name
        self.summary = summary
        self.inputs = inputs
        self.parameters = parameters
        self.stage = stage
        self.outputKind = outputKind
        self.make = make
    }

    /// An operator whose output kind does not depend on parameters or inputs.
    public init(name: String, summary: String, inputs: [InputSpec], parameters: [ParameterSpec] = [],
                stage: Stage = .train, output: ViewKind,
                make: @escaping @Sendable (_ parameters: Parameters) throws(ParameterProblem) -> any ViewProcessor) {
        self.init(name: name, summary: summary, inputs: inputs, parameters: parameters, stage: stage,
                  outputKind: { _, _ in output }, make: make)
    }

    /// The output kind of operators that keep the kind of their input `input` (e.g. a ROI of an
    /// image is an image, of a stack a stack).
    public static func sameKind(as input: String) -> @Sendable (Parameters, [String: ViewKind]) -> ViewKind {
        { _, kinds in kinds[input] ?? .any }
    }
}
