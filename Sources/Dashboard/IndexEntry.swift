import JSON
import KaraboBridge

/// One view of the index: what the sidebar lists and what the page needs to draw and control it.
///
/// Kept as the JSON object the index carries (`name`, `kind`, `operator`, `params`, `inputs`,
/// `rate`, `last_train`, `mean_ms`, `axes`, …) so fields the page does not know yet travel too.
public struct IndexEntry: Sendable, Equatable {
    /// The view's name.
    public var name: String
    /// `scalar`, `vector`, `image`, `points`, `array` or `any`.
    public var kind: String
    /// Whether it is computed but not published.
    public var hidden: Bool
    /// Every field, as the index gave it.
    public var fields: [String: JSONValue]

    public init(name: String, kind: String, hidden: Bool = false, fields: [String: JSONValue] = [:]) {
        self.name = name
        self.kind = kind
        self.hidden = hidden
        var all = fields
        all["name"] = .string(name)
        all["kind"] = .string(kind)
        all["hidden"] = .bool(hidden)
        self.fields = all
    }

    /// An entry from its JSON object (a control reply's `views` element); nil without a name.
    public init?(json: JSONValue) {
        guard let object = json.members, let name = object["name"]?.string else { return nil }
        self.init(name: name, kind: object["kind"]?.string ?? "any", hidden: object["hidden"]?.bool ?? false, fields: object)
    }

    /// An entry from an index message's bridge value (one element of `views`).
    public init?(value: Value) {
        self.init(json: JSONValue(bridgeValue: value))
    }

    /// The entry as sent to the page.
    public var json: JSONValue { .sortedObject(fields) }
}
