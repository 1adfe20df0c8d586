import OrderedCollections

/// A view's checked parameters: every value has its declared type, defaults filled in.
public struct Parameters: Sendable, Hashable {
    /// Values by name.
    public var values: OrderedDictionary<String, ParameterValue>

    public init(_ values: OrderedDictionary<String, ParameterValue> = [:]) { self.values = values }

    public subscript(name: String) -> ParameterValue? { values[name] }

    /// A number (nil when absent).
    public func double(_ name: String) -> Double? { values[name]?.double }
    /// An integer (nil when absent).
    public func int(_ name: String) -> Int? { values[name]?.int }
    /// A string (nil when absent).
    public func string(_ name: String) -> String? { if case let .string(s)? = values[name] { return s }; return nil }
    /// A flag (nil when absent).
    public func bool(_ name: String) -> Bool? { if case let .bool(b)? = values[name] { return b }; return nil }
    /// A list of numbers (nil when absent).
    public func doubles(_ name: String) -> [Double]? {
        if case let .list(items)? = values[name] { return items.compactMap(\.double) }
        return nil
    }
    /// A list of integers (nil when absent).
    public func ints(_ name: String) -> [Int]? {
        if case let .list(items)? = values[name] { return items.compactMap(\.int) }
        return nil
    }
}
