import OrderedCollections

/// A snapshot of a ``ViewRunner``'s counters, for the status line.
public struct RunnerStatus: Sendable {
    /// Trains handed to the runner.
    public var trainsIn: Int
    /// Trains run through the graph.
    public var processed: Int
    /// Trains the input dropped because processing was slower (newest wins).
    public var dropped: Int
    /// View runs skipped because an input was absent, over all views.
    public var skipped: Int
    /// View runs gated by a dependency without value.
    public var gated: Int
    /// View runs that threw.
    public var failed: Int
    /// Result messages published.
    public var published: Int
    /// Result messages not published because the output was busy.
    public var publishDropped: Int
    /// Per-view counters, in graph order.
    public var views: OrderedDictionary<String, ViewStatistics>

    /// One line: `trains in 120, processed 118, skipped 3, dropped 2, errors 0 | roi 0.4 ms, ai 38.1 ms`.
    public var line: String {
        var text = "trains in \(trainsIn), processed \(processed), skipped \(skipped), dropped \(dropped), errors \(failed)"
        if gated > 0 { text += ", gated \(gated)" }
        if publishDropped > 0 { text += ", unpublished \(publishDropped)" }
        let times = views.map { name, s in "\(name) \(formatMilliseconds(s.meanSeconds))" }
        if !times.isEmpty { text += " | " + times.joined(separator: ", ") }
        let filters = views.filter { $0.value.isFilter }.map { name, s in "\(name) \(s.passed)/\(s.passed + s.rejected)" }
        if !filters.isEmpty { text += " | passed " + filters.joined(separator: ", ") }
        return text
    }

    func formatMilliseconds(_ seconds: Double) -> String {
        let ms = seconds * 1000
        return ms >= 100 ? "\(Int(ms.rounded())) ms" : "\((ms * 10).rounded() / 10) ms"
    }
}
