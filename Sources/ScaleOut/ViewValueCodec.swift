import KaraboBridge
import OrderedCollections
import Views

/// A ``ViewValue`` as keys of a bridge source: `kind`, then `value` (scalar, other), `data`
/// (vector, image, array) or `x`/`y` (points), and each axis as `ax.NAME.label`, `ax.NAME.unit` and,
/// when it has coordinates, `ax.NAME.values`.
enum ViewValueCodec {
    static func write(_ value: ViewValue, into data: inout OrderedDictionary<String, Value>) {
        func axis(_ name: String, _ a: Axis) {
            data["ax.\(name).label"] = .string(a.label)
            data["ax.\(name).unit"] = .string(a.unit)
            if let values = a.values { data["ax.\(name).values"] = .array(.float64(values)) }
        }
        switch value {
        case let .scalar(d):
            data["kind"] = .string("scalar"); data["value"] = .double(d)
        case let .vector(a, x, v):
            data["kind"] = .string("vector"); data["data"] = .array(a); axis("x", x); axis("v", v)
        case let .image(a, x, y):
            data["kind"] = .string("image"); data["data"] = .array(a); axis("x", x); axis("y", y)
        case let .points(x, y, xAxis, yAxis, columns):
            data["kind"] = .string("points"); data["x"] = .array(x); data["y"] = .array(y); axis("x", xAxis); axis("y", yAxis)
            for (key, column) in columns { data["col." + key] = column }
        case let .array(a):
            data["kind"] = .string("array"); data["data"] = .array(a)
        case let .other(v):
            data["kind"] = .string("other"); data["value"] = v
        }
    }

    static func read(_ data: OrderedDictionary<String, Value>, what: String) throws(ScaleOutError) -> ViewValue {
        func axis(_ name: String) -> Axis {
            Axis(values: data["ax.\(name).values"]?.array?.doubles(), label: data["ax.\(name).label"]?.string ?? "",
                 unit: data["ax.\(name).unit"]?.string ?? "")
        }
        func array(_ key: String) throws(ScaleOutError) -> NDArray {
            guard let a = data[key]?.array else { throw .malformed("\(what): no array '\(key)'") }
            return a
        }
        switch data["kind"]?.string {
        case "scalar":
            guard let d = data["value"]?.double else { throw .malformed("\(what): scalar without a value") }
            return .scalar(d)
        case "vector": return .vector(try array("data"), x: axis("x"), value: axis("v"))
        case "image": return .image(try array("data"), x: axis("x"), y: axis("y"))
        case "points":
            var columns = PointColumns()
            for (key, column) in data where key.hasPrefix("col.") { columns[String(key.dropFirst(4))] = column }
            return .points(x: try array("x"), y: try array("y"), xAxis: axis("x"), yAxis: axis("y"), columns: columns)
        case "array": return .array(try array("data"))
        case "other": return .other(data["value"] ?? .none)
        default: throw .malformed("\(what): unknown value kind")
        }
    }
}
