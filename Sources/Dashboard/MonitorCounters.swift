import JSON
/// The monitor's global counters, as the status command reports them (`trains_in`,
/// `processed`, `dropped`, `skipped`, `failed`, `line`, …), kept as JSON for the page.
public struct MonitorCounters: Sendable, Equatable {
    /// Every field.
    public var fields: [String: JSONValue]

    public init(fields: [String: JSONValue]) { self.fields = fields }

    /// Counters from a status reply (the `ok` field dropped).
    public init(json: JSONValue) {
        var fields = json.members ?? [:]
        fields["ok"] = nil
        self.fields = fields
    }

    /// Trains that reached the monitor.
    public var trainsIn: Int64? { fields["trains_in"]?.int64 }
    /// Trains run through the graph.
    public var processed: Int64? { fields["processed"]?.int64 }
    /// Trains dropped because processing was slower.
    public var dropped: Int64? { fields["dropped"]?.int64 }
}
