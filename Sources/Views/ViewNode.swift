/// One checked view of a ``ViewGraph``.
public struct ViewNode: Sendable {
    /// One connected input.
    public struct Input: Sendable, Hashable {
        /// The operator's input name.
        public var name: String
        /// Where the value comes from.
        public var path: InputPath
        /// What the operator accepts there.
        public var kinds: KindSet
        /// Whether the view runs without it.
        public var optional: Bool
    }

    /// The definition as written.
    public let definition: ViewDefinition
    /// The operator.
    public let spec: OperatorSpec
    /// The checked parameters (defaults filled in).
    public let parameters: Parameters
    /// Connected inputs, in the operator's order.
    public let inputs: [Input]
    /// The output kind (`.any` when only known once data flows).
    public let kind: ViewKind
    /// The stage it runs in: the latest of its operator's, its declared one and its inputs'.
    public let stage: Stage
    /// A processor built for this definition at load time; the engine uses it unless a running
    /// processor with the same definition (and its state) is kept.
    public let processor: any ViewProcessor

    /// The view's name.
    public var name: String { definition.name }
    /// Whether it is published.
    public var hidden: Bool { definition.hidden }
}
