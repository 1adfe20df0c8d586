/// One injected fault, as logged: the kind, the train it hit and what exactly happened.
public struct FaultRecord: Sendable, Equatable, CustomStringConvertible {
    /// The fault.
    public let kind: FaultKind
    /// The train the fault hit.
    public let trainID: UInt64
    /// Details: the source, the corruption class, the train sent first, …
    public let detail: String

    /// A record of `kind` hitting train `trainID`.
    public init(kind: FaultKind, trainID: UInt64, detail: String = "") {
        self.kind = kind
        self.trainID = trainID
        self.detail = detail
    }

    /// `fault <kind> train <id>[: <detail>]`, the line logged for it.
    public var description: String {
        "fault \(kind.rawValue) train \(trainID)" + (detail.isEmpty ? "" : ": \(detail)")
    }
}
