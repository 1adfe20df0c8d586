import Foundation
import Views

/// Conversions between parameter values and the JSON objects of the worker protocol.
enum JSONBridge {
    /// A JSON value read as a parameter of `type` (the worker names the type; JSON numbers do not
    /// tell ints, doubles and bools apart reliably once bridged).
    static func parameter(_ any: Any?, as type: ParameterType) -> ParameterValue? {
        switch type {
        case .bool: return (any as? Bool).map(ParameterValue.bool)
        case .int: return (any as? NSNumber).flatMap { Int(exactly: $0.doubleValue) }.map(ParameterValue.int)
        case .double: return (any as? NSNumber).map { .double($0.doubleValue) }
        case .string, .choice: return (any as? String).map(ParameterValue.string)
        case .flagOrNumber:
            // A filter's `equals`: a flag or a number (NSNumber tells them apart by its type code).
            guard let n = any as? NSNumber else { return nil }
            return String(cString: n.objCType) == "c" ? .bool(n.boolValue) : .double(n.doubleValue)
        case .doubles, .ints:
            guard let list = any as? [Any] else { return nil }
            let numbers = list.compactMap { ($0 as? NSNumber)?.doubleValue }
            guard numbers.count == list.count else { return nil }
            return type.coerce(.list(numbers.map(ParameterValue.double)))
        }
    }

    static func json(_ value: ParameterValue) -> Any {
        switch value {
        case let .bool(b): return b
        case let .int(i): return i
        case let .double(d): return d
        case let .string(s): return s
        case let .list(items): return items.map(json)
        }
    }
}
