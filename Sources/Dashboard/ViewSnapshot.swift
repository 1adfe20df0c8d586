import KaraboBridge

/// The newest result of one view as received: its source (arrays stay views of the received
/// frames) and when it arrived.
public struct ViewSnapshot: Sendable {
    /// The view's name (the source name without `view/`).
    public var name: String
    /// The kind the result declares (`scalar`, `vector`, `image`, `points`, `array`, `other`).
    public var kind: String
    /// The train it was computed from.
    public var trainID: UInt64
    /// The train's timestamp (Unix seconds), if known.
    public var timestamp: Double?
    /// The view's parameter version.
    public var version: Int
    /// Unix time at which the dashboard received it.
    public var receivedAt: Double
    /// The result source.
    public var source: SourceData

    /// The source-name prefix of published views.
    public static let sourcePrefix = ResultStream.viewPrefix

    /// A snapshot of a `view/NAME` source; nil for other sources or without a train ID.
    public init?(_ source: SourceData, trainID fallback: UInt64?, receivedAt: Double) {
        guard source.name.hasPrefix(Self.sourcePrefix), let trainID = source.trainID ?? fallback else { return nil }
        self.name = String(source.name.dropFirst(Self.sourcePrefix.count))
        self.trainID = trainID
        self.timestamp = source.metadata.timestamp
        self.version = source["version"]?.int64.map { Int($0) } ?? 0
        self.receivedAt = receivedAt
        self.source = source
        self.kind = source["kind"]?.string ?? Self.guessKind(source)
    }

    static func guessKind(_ source: SourceData) -> String {
        if source.array("x") != nil, source.array("y") != nil, source.array("data") == nil { return "points" }
        if let a = source.array("data") { return a.rank == 1 ? "vector" : a.rank == 2 ? "image" : "array" }
        return source["value"]?.double != nil ? "scalar" : "other"
    }

    /// A label and unit stored as `KEY.label` / `KEY.unit`.
    public func axisLabel(_ key: String) -> AxisLabel {
        AxisLabel(label: source[key + ".label"]?.string ?? "", unit: source[key + ".unit"]?.string ?? "")
    }

    /// The scalar value (scalar views), NaN when absent.
    public var scalar: Double { source["value"]?.double ?? .nan }

    /// The first x/y pair when a points result holds exactly one (one point per train).
    public var singlePoint: (x: Double, y: Double)? {
        guard kind == "points", let x = source.array("x"), let y = source.array("y"), x.count == 1, y.count == 1,
              let xv = x.doubles()?.first, let yv = y.doubles()?.first else { return nil }
        return (xv, yv)
    }
}

/// An axis label and unit, e.g. `q` in `nm^-1`.
public struct AxisLabel: Sendable, Equatable, Codable {
    public var label: String
    public var unit: String

    public init(label: String, unit: String) {
        self.label = label
        self.unit = unit
    }
}
