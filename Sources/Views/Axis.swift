/// One axis of a result: optional coordinate values, a label and a unit.
public struct Axis: Sendable, Equatable {
    /// Coordinates, one per element along the axis (nil: element indices).
    public var values: [Double]?
    /// What the axis shows, e.g. `q`.
    public var label: String
    /// The unit, e.g. `nm^-1` (empty when dimensionless).
    public var unit: String

    public init(values: [Double]? = nil, label: String = "", unit: String = "") {
        self.values = values
        self.label = label
        self.unit = unit
    }

    /// An axis of element indices.
    public static func index(_ label: String = "index") -> Axis { Axis(label: label) }
}
