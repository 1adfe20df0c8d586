/// The operators views can use, by name: the built-in ones and registered Swift views.
public struct OperatorLibrary: Sendable {
    /// Operators by name, in registration order.
    public private(set) var operators: [String: OperatorSpec] = [:]
    /// Names in registration order (for listings).
    public private(set) var names: [String] = []

    /// An empty library.
    public init() {}

    /// A library holding `specs`.
    public init(_ specs: [OperatorSpec]) {
        for spec in specs { register(spec) }
    }

    /// Adds (or replaces) an operator.
    public mutating func register(_ spec: OperatorSpec) {
        if operators[spec.name] == nil { names.append(spec.name) }
        operators[spec.name] = spec
    }

    /// Adds every operator of `other` (replacing same-named ones).
    public mutating func register(contentsOf other: OperatorLibrary) {
        for name in other.names { register(other.operators[name]!) }
    }

    /// The operator called `name`.
    public subscript(name: String) -> OperatorSpec? { operators[name] }

    /// The built-in operators: glue (`pick`, `scalar_sum`) and wrappers of the `Operators` module.
    public static var builtIn: OperatorLibrary {
        var library = OperatorLibrary(GlueOperators.all)
        library.register(contentsOf: OperatorLibrary(BuiltInOperators.all))
        return library
    }
}
