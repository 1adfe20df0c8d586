import Foundation
import KaraboBridge

/// Train-by-train comparison for `compare`: sources, keys, metadata keys, dtypes, shapes and
/// values (with per-key tolerances).
struct TrainComparison {
    /// A tolerance for keys matching `pattern` (nil: every key).
    struct Tolerance {
        var pattern: String?
        var value: Double

        /// `VALUE` or `GLOB=VALUE`.
        init(parsing text: String) throws(ComparisonError) {
            if let equals = text.lastIndex(of: "=") {
                pattern = String(text[..<equals])
                guard let v = Double(text[text.index(after: equals)...]), v >= 0 else { throw .badTolerance(text) }
                value = v
            } else {
                guard let v = Double(text), v >= 0 else { throw .badTolerance(text) }
                pattern = nil
                value = v
            }
        }
    }

    /// One difference.
    struct Difference {
        var trainID: UInt64
        var source: String?
        var key: String?
        var how: String

        var line: String {
            "train \(trainID)" + (source.map { "  \($0)" } ?? "") + (key.map { "  \($0)" } ?? "") + ": " + how
        }
    }

    var rtol: [Tolerance] = []
    var atol: [Tolerance] = []
    var ignore: [String] = []

    func isIgnored(_ name: String) -> Bool { ignore.contains { fnmatch($0, name, 0) == 0 } }

    /// The tolerance for `key`: the last glob that matches, else the plain value, else 0.
    func tolerance(_ list: [Tolerance], _ key: String) -> Double {
        list.last { $0.pattern.map { fnmatch($0, key, 0) == 0 } ?? false }?.value
            ?? list.last { $0.pattern == nil }?.value ?? 0
    }

    /// Every difference between two trains with the same ID.
    func compare(_ a: Train, _ b: Train, trainID: UInt64) -> [Difference] {
        var out: [Difference] = []
        let namesA = a.sources.keys.filter { !isIgnored($0) }, namesB = b.sources.keys.filter { !isIgnored($0) }
        for name in namesA where b.sources[name] == nil { out.append(Difference(trainID: trainID, source: name, key: nil, how: "source only in A")) }
        for name in namesB where a.sources[name] == nil { out.append(Difference(trainID: trainID, source: name, key: nil, how: "source only in B")) }
        for name in namesA {
            guard let sa = a.sources[name], let sb = b.sources[name] else { continue }
            let metaA = Set(sa.metadata.entries.keys), metaB = Set(sb.metadata.entries.keys)
            if metaA != metaB {
                out.append(Difference(trainID: trainID, source: name, key: nil, how: "metadata keys differ: only in A "
                    + metaA.subtracting(metaB).sorted().description + ", only in B " + metaB.subtracting(metaA).sorted().description))
            }
            if sa.trainID != sb.trainID {
                out.append(Difference(trainID: trainID, source: name, key: nil,
                                      how: "source train ID \(sa.trainID.map(String.init) ?? "none") vs \(sb.trainID.map(String.init) ?? "none")"))
            }
            for (key, va) in sa.data where !isIgnored(key) {
                guard let vb = sb.data[key] else {
                    out.append(Difference(trainID: trainID, source: name, key: key, how: "key only in A"))
                    continue
                }
                if let how = compare(va, vb, key: key) { out.append(Difference(trainID: trainID, source: name, key: key, how: how)) }
            }
            for key in sb.data.keys where !isIgnored(key) && sa.data[key] == nil {
                out.append(Difference(trainID: trainID, source: name, key: key, how: "key only in B"))
            }
        }
        return out
    }

    /// How two values differ, or nil.
    func compare(_ a: Value, _ b: Value, key: String) -> String? {
        switch (a, b) {
        case let (.array(x), .array(y)), let (.scalar(x), .scalar(y)):
            return compare(x, y, key: key)
        case let (.list(x), .list(y)):
            guard x.count == y.count else { return "list of \(x.count) vs \(y.count) values" }
            for (i, (u, v)) in zip(x, y).enumerated() {
                if let how = compare(u, v, key: key) { return "[\(i)] " + how }
            }
            return nil
        case let (.map(x), .map(y)):
            guard Set(x.keys) == Set(y.keys) else { return "map keys " + x.keys.sorted().description + " vs " + y.keys.sorted().description }
            for (k, u) in x where !isIgnored(key + "." + k) {
                if let v = y[k], let how = compare(u, v, key: key + "." + k) { return "[\(k)] " + how }
            }
            return nil
        default:
            if isExactInteger(a) && isExactInteger(b) && tolerance(atol, key) == 0 && tolerance(rtol, key) == 0 {
                let same = a.int64.map { $0 == b.int64 } ?? (a.uint64.map { $0 == b.uint64 } ?? (a == b))
                return same ? nil : "\(describe(a)) vs \(describe(b))"
            }
            if let x = a.double, let y = b.double, a.typeName != "string", b.typeName != "string" {
                return close(x, y, key: key) ? nil : "\(describe(a)) vs \(describe(b))" + toleranceText(key)
            }
            guard a.typeName == b.typeName else { return "type \(a.typeName) vs \(b.typeName)" }
            return a == b ? nil : "\(describe(a)) vs \(describe(b))"
        }
    }

    private func isExactInteger(_ value: Value) -> Bool {
        switch value {
        case .int, .uint, .bool: return true
        default: return false
        }
    }

    func compare(_ x: NDArray, _ y: NDArray, key: String) -> String? {
        guard x.dtype == y.dtype else { return "dtype \(x.dtype.numpyName) vs \(y.dtype.numpyName)" }
        guard x.shape == y.shape else { return "shape \(x.shape) vs \(y.shape)" }
        let exact = tolerance(atol, key) == 0 && tolerance(rtol, key) == 0
        if exact && x.contiguousData == y.contiguousData { return nil }
        if x.dtype.kind == .signedInteger || x.dtype.kind == .unsignedInteger || x.dtype.kind == .bool, exact,
           let u = x.integers(), let v = y.integers() {
            let bad = zip(u, v).enumerated().filter { $0.element.0 != $0.element.1 }
            guard let first = bad.first else { return nil }
            return "\(bad.count) of \(u.count) values differ, first at \(index(first.offset, x.shape)): "
                + "\(Self.format(integer: first.element.0, x.dtype)) vs \(Self.format(integer: first.element.1, x.dtype))"
        }
        guard let u = x.doubles(), let v = y.doubles() else {
            return x.contiguousData == y.contiguousData ? nil : "\(x.dtype.numpyName) bytes differ"
        }
        var count = 0, first: Int?
        for i in u.indices where !close(u[i], v[i], key: key) {
            count += 1
            if first == nil { first = i }
        }
        guard let first else { return nil }
        return "\(count) of \(u.count) values differ, first at \(index(first, x.shape)): \(u[first]) vs \(v[first])" + toleranceText(key)
    }

    /// numpy.isclose (NaN equal to NaN).
    func close(_ a: Double, _ b: Double, key: String) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        if a == b { return true }
        return abs(a - b) <= tolerance(atol, key) + tolerance(rtol, key) * abs(b)
    }

    private func toleranceText(_ key: String) -> String {
        " (atol \(tolerance(atol, key)), rtol \(tolerance(rtol, key)))"
    }

    private func index(_ flat: Int, _ shape: [Int]) -> [Int] {
        var rest = flat
        var out = [Int](repeating: 0, count: shape.count)
        for axis in shape.indices.reversed() where shape[axis] > 0 {
            out[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return out
    }

    private static func format(integer: UInt64, _ dtype: DType) -> String {
        dtype.kind == .signedInteger ? String(Int64(bitPattern: integer)) : String(integer)
    }

    private func describe(_ value: Value) -> String {
        switch value {
        case let .string(s): return "'\(s.prefix(40))'"
        case let .bytes(b): return "\(b.count) bytes"
        case let .int(v): return String(v)
        case let .uint(v): return String(v)
        case let .double(v): return String(v)
        case let .bool(v): return String(v)
        case .none: return "None"
        default: return value.typeName
        }
    }
}

/// A bad `compare` argument.
enum ComparisonError: Error, CustomStringConvertible {
    case badTolerance(String)

    var description: String {
        switch self {
        case let .badTolerance(text): return "a tolerance is VALUE or GLOB=VALUE with VALUE ≥ 0, not '\(text)'"
        }
    }
}
