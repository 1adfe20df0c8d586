import KaraboBridge
import OrderedCollections

/// What a processor sees for one train: its inputs by name and the train's facts.
public struct ViewInputs: Sendable {
    /// The view being computed.
    public var view: String
    /// The train ID.
    public var trainID: UInt64
    /// The train's timestamp (Unix seconds), if the source sent one.
    public var timestamp: Double?
    /// Connected inputs that are present, by input name. Optional inputs that are absent are missing here.
    public var values: OrderedDictionary<String, ViewValue>
    /// Labels of inputs read from filters that passed with one (smalldata_tools labels), by input name.
    public var labels: [String: String] = [:]
    /// Optional inputs that are connected but absent (or gated) this train.
    public var absentOptional: [String] = []

    public init(view: String, trainID: UInt64, timestamp: Double?, values: OrderedDictionary<String, ViewValue>) {
        self.view = view
        self.trainID = trainID
        self.timestamp = timestamp
        self.values = values
    }

    /// The input called `name`, if present.
    public subscript(name: String) -> ViewValue? { values[name] }

    /// The input `name` as a value that must be present.
    public func value(_ name: String) throws(ViewInputError) -> ViewValue {
        guard let v = values[name] else { throw .missing(input: name) }
        return v
    }

    /// The input `name` as an n-d array (vectors and images included).
    public func array(_ name: String) throws(ViewInputError) -> NDArray {
        let v = try value(name)
        guard let a = v.ndarray else { throw .wrongKind(input: name, expected: "an array", got: v.kind) }
        return a
    }

    /// The input `name` as a number.
    public func scalar(_ name: String) throws(ViewInputError) -> Double {
        let v = try value(name)
        guard let d = v.double else { throw .wrongKind(input: name, expected: "a number", got: v.kind) }
        return d
    }
}

/// Why a processor could not read an input.
public enum ViewInputError: Error, Sendable, Hashable, CustomStringConvertible {
    case missing(input: String)
    case wrongKind(input: String, expected: String, got: ViewKind)

    public var description: String {
        switch self {
        case let .missing(input): return "input '\(input)' is absent"
        case let .wrongKind(input, expected, got): return "input '\(input)' should be \(expected) but is \(got)"
        }
    }
}
