/// One named input an operator takes.
public struct InputSpec: Sendable, Hashable {
    /// Its name under `inputs:` in the views file.
    public var name: String
    /// The kinds it accepts.
    public var kinds: KindSet
    /// Whether it may be left out (or be absent from a train) without skipping the view.
    public var optional: Bool
    /// One line for the documentation.
    public var help: String

    public init(_ name: String, _ kinds: KindSet, optional: Bool = false, help: String = "") {
        self.name = name
        self.kinds = kinds
        self.optional = optional
        self.help = help
    }
}
