import KaraboBridge
import OrderedCollections

/// How results travel over the Karabo Bridge protocol: each view is a source `view/NAME`.
///
/// Data keys: `kind`, `version`, then by kind
/// - scalar: `value` (float);
/// - vector: `data` (1-D), `x` (float64 coordinates), `x.label`, `x.unit`, `value.label`, `value.unit`;
/// - image: `data` (2-D, rows = y), `x`, `y` (coordinates), `x.label`, `x.unit`, `y.label`, `y.unit`;
/// - points: `x`, `y` (1-D, equal length), `x.label`, `x.unit`, `y.label`, `y.unit`, then any extra columns;
/// - array: `data` (n-d);
/// - other: `value` as the source sent it.
/// The train ID and timestamp are in the metadata, as for any source.
extension ViewResult {
    /// The source name a view is published under.
    public static func sourceName(_ view: String) -> String { ResultStream.source(ofView: view) }

    /// This result as a bridge source.
    public var source: SourceData {
        let name = ViewResult.sourceName(view)
        var data: OrderedDictionary<String, Value> = ["kind": .string(value.kind == .any ? "other" : value.kind.rawValue),
                                                      "version": .int(Int64(version))]
        func axis(_ key: String, _ axis: Axis, count: Int?) {
            if let count {
                let coordinates = axis.values ?? (0..<count).map(Double.init)
                data[key] = .array(.float64(coordinates))
            }
            data[key + ".label"] = .string(axis.label)
            data[key + ".unit"] = .string(axis.unit)
        }
        switch value {
        case let .scalar(d):
            data["value"] = .double(d)
        case let .vector(a, x, v):
            data["data"] = .array(a)
            axis("x", x, count: a.shape.first ?? 0)
            data["value.label"] = .string(v.label)
            data["value.unit"] = .string(v.unit)
        case let .image(a, x, y):
            data["data"] = .array(a)
            axis("x", x, count: a.shape.last ?? 0)
            axis("y", y, count: a.shape.first ?? 0)
        case let .points(x, y, xAxis, yAxis, columns):
            data["x"] = .array(x)
            data["y"] = .array(y)
            axis("x", xAxis, count: nil)
            axis("y", yAxis, count: nil)
            for (key, value) in columns where data[key] == nil { data[key] = value }
        case let .array(a):
            data["data"] = .array(a)
        case let .other(v):
            data["value"] = v
        }
        for (key, value) in extras where data[key] == nil { data[key] = value }
        return SourceData(name: name, metadata: Metadata(source: name, trainID: trainID, timestamp: timestamp), data: data)
    }
}

extension Array where Element == ViewResult {
    /// One bridge train holding every result (nil when there are none).
    public func bridgeTrain() -> Train? {
        isEmpty ? nil : Train(sources: map(\.source))
    }
}
