import KaraboBridge
import OrderedCollections

/// Extra per-point or per-result entries published next to a points value's `x` and `y`
/// (e.g. a peak list's `intensity`, `snr`, `pixels`, `hit`).
public typealias PointColumns = OrderedDictionary<String, Value>

/// A value flowing through the graph: a view's result or an input read from a train.
public enum ViewValue: Sendable {
    /// One number.
    case scalar(Double)
    /// A 1-D array and its x axis; `value` labels the values themselves.
    case vector(NDArray, x: Axis, value: Axis)
    /// A 2-D array `(y, x)` and its axes.
    case image(NDArray, x: Axis, y: Axis)
    /// x/y pairs (two 1-D arrays of equal length), plus optional extra published entries.
    case points(x: NDArray, y: NDArray, xAxis: Axis, yAxis: Axis, columns: PointColumns = [:])
    /// An n-d array of any rank.
    case array(NDArray)
    /// A non-numeric value as a source sent it.
    case other(Value)

    /// The kind of this value.
    public var kind: ViewKind {
        switch self {
        case .scalar: return .scalar
        case .vector: return .vector
        case .image: return .image
        case .points: return .points
        case .array: return .array
        case .other: return .any
        }
    }

    /// The array inside a vector, image or n-d array value.
    public var ndarray: NDArray? {
        switch self {
        case let .vector(a, _, _), let .image(a, _, _), let .array(a): return a
        default: return nil
        }
    }

    /// The number inside a scalar (or a 0-d/one-element array).
    public var double: Double? {
        switch self {
        case let .scalar(v): return v
        case let .array(a) where a.count == 1: return a.doubles()?.first
        case let .other(v): return v.double
        default: return nil
        }
    }

    /// A value read from a source: arrays become vectors (rank 1), images (rank 2) or n-d arrays,
    /// numbers and numpy scalars become scalars, anything else stays as it is.
    public init(_ value: Value) {
        switch value {
        case let .array(a):
            switch a.rank {
            case 0: self = a.doubles()?.first.map(ViewValue.scalar) ?? .array(a)
            case 1 where a.dtype.isNumeric: self = .vector(a, x: .index(), value: Axis())
            case 2 where a.dtype.isNumeric: self = .image(a, x: .index("x"), y: .index("y"))
            default: self = .array(a)
            }
        case .int, .uint, .double, .bool, .scalar:
            if let d = value.double { self = .scalar(d) } else { self = .other(value) }
        default: self = .other(value)
        }
    }

    /// An array value whose kind follows its rank (1: vector, 2: image, else n-d), with index axes.
    public static func wrapping(_ array: NDArray) -> ViewValue {
        ViewValue(.array(array))
    }
}
