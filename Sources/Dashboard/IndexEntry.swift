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
    public var fields: [String: DashboardJSON]

    public init(name: String, kind: String, hidden: Bool = false, fields: [String: DashboardJSON] = [:]) {
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
    public init?(json: DashboardJSON) {
        guard let object = json.object, let name = object["name"]?.string else { return nil }
        self.init(name: name, kind: object["kind"]?.string ?? "any", hidden: object["hidden"]?.bool ?? false, fields: object)
    }

    /// An entry from an index message's bridge value (one element of `views`).
    public init?(value: Value) {
        self.init(json: DashboardJSON(value))
    }

    /// The entry as sent to the page.
    public var json: DashboardJSON { .object(fields) }
}

extension DashboardJSON {
    /// A bridge value as JSON: numbers, strings, lists and maps as they are; arrays as their
    /// elements when small (≤ 64), else their dtype and shape.
    public init(_ value: Value) {
        switch value {
        case .none: self = .null
        case let .bool(b): self = .bool(b)
        case let .int(i): self = .int(i)
        case let .uint(u): self = Int64(exactly: u).map(DashboardJSON.int) ?? .double(Double(u))
        case let .double(d): self = .double(d)
        case let .string(s): self = .string(s)
        case let .bytes(b): self = .string(String(decoding: b.bytes, as: UTF8.self))
        case let .list(items): self = .array(items.map(DashboardJSON.init))
        case let .map(m): self = .object(Dictionary(m.map { ($0.key, DashboardJSON($0.value)) }, uniquingKeysWith: { $1 }))
        case let .scalar(a): self = a.doubles()?.first.map(DashboardJSON.double) ?? .null
        case let .array(a):
            if a.count <= 64, let d = a.doubles() { self = .array(d.map(DashboardJSON.double)) }
            else { self = .object(["dtype": .string(a.dtype.numpyName), "shape": .array(a.shape.map { .int(Int64($0)) })]) }
        }
    }
}
