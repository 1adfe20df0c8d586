/// The schema of Trainspotter's result stream, shared by what publishes it (`Views`, the
/// `Pipeline`) and what reads it (the dashboard, tests, users' clients).
///
/// Each published view is a source `view/NAME`; one index message (source
/// `trainspotter/index`, key `views`) describes the graph. Data keys of a view source: `kind`,
/// `version`, then by kind `value` (scalar), `data` + `x` (vector), `data` + `x` + `y` (image),
/// `x` + `y` (points), `data` (array); axis labels and units as `KEY.label` / `KEY.unit`.
/// Views may add keys of their own (e.g. `std`, `count`).
public enum ResultStream {
    /// The source name of index messages.
    public static let indexSource = "trainspotter/index"
    /// The key of the index message holding the list of views.
    public static let indexKey = "views"
    /// The source-name prefix of published views.
    public static let viewPrefix = "view/"

    /// The source a view is published under.
    public static func source(ofView view: String) -> String { viewPrefix + view }

    /// The view a result source belongs to; nil for other sources.
    public static func view(ofSource source: String) -> String? {
        source.hasPrefix(viewPrefix) ? String(source.dropFirst(viewPrefix.count)) : nil
    }

    /// Data keys of view sources.
    public enum Key {
        public static let kind = "kind"
        public static let version = "version"
        public static let value = "value"
        public static let data = "data"
        public static let x = "x"
        public static let y = "y"
        /// The label key of an axis key, e.g. `x.label`.
        public static func label(_ key: String) -> String { key + ".label" }
        /// The unit key of an axis key, e.g. `x.unit`.
        public static func unit(_ key: String) -> String { key + ".unit" }
    }
}
