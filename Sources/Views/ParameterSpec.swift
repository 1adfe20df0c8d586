/// The type of an operator parameter.
public enum ParameterType: Sendable, Hashable, CustomStringConvertible {
    case bool, int, double, string
    /// A list of numbers, e.g. a ROI `[x, y, w, h]`.
    case doubles
    /// A list of integers, e.g. pulse indices.
    case ints
    /// One of the listed strings.
    case choice([String])
    /// A bool or a number (e.g. a filter's `equals`).
    case flagOrNumber

    public var description: String {
        switch self {
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "number"
        case .string: return "string"
        case .doubles: return "list of numbers"
        case .ints: return "list of ints"
        case let .choice(c): return "one of " + c.joined(separator: "|")
        case .flagOrNumber: return "bool or number"
        }
    }

    /// `value` converted to this type, or nil if it does not fit.
    public func coerce(_ value: ParameterValue) -> ParameterValue? {
        switch (self, value) {
        case (.bool, .bool), (.string, .string), (.flagOrNumber, .bool): return value
        case (.flagOrNumber, _): return value.double.map(ParameterValue.double)
        case (.int, _): return value.int.map(ParameterValue.int)
        case (.double, _): return value.double.map(ParameterValue.double)
        case let (.choice(options), .string(s)): return options.contains(s) ? value : nil
        case let (.doubles, .list(items)):
            let d = items.compactMap(\.double)
            return d.count == items.count ? .list(d.map(ParameterValue.double)) : nil
        case let (.ints, .list(items)):
            let i = items.compactMap(\.int)
            return i.count == items.count ? .list(i.map(ParameterValue.int)) : nil
        case (.doubles, _): return value.double.map { .list([.double($0)]) }
        case (.ints, _): return value.int.map { .list([.int($0)]) }
        default: return nil
        }
    }
}

/// One parameter an operator takes.
public struct ParameterSpec: Sendable, Hashable {
    /// Its name in the views file.
    public var name: String
    /// Its type.
    public var type: ParameterType
    /// The value used when the views file does not give one; nil makes the parameter required
    /// unless `optional` is set.
    public var defaultValue: ParameterValue?
    /// Whether it may be left out without a default (the operator then sees no value).
    public var optional: Bool
    /// One line for `docs/views.md` and error messages.
    public var help: String

    public init(_ name: String, _ type: ParameterType, default defaultValue: ParameterValue? = nil,
                optional: Bool = false, help: String = "") {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.optional = optional
        self.help = help
    }

    /// Whether a views file must give it.
    public var isRequired: Bool { defaultValue == nil && !optional }
}
