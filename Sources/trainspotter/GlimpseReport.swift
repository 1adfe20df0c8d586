import BridgeSockets
import Crypto
import Foundation
import JSON
import KaraboBridge
import OrderedCollections

/// Renders a train for `glimpse`.
enum GlimpseReport {
    /// Human-readable description.
    static func text(_ train: Train, raw: RawMessage, elapsed: Double, verbose: Bool) -> String {
        var out = ""
        out += "Train ID: \(train.trainID.map(String.init) ?? "unknown")\n"
        out += "Protocol \(train.protocolVersion.rawValue): \(raw.frames.count) frames, \(formatBytes(raw.byteCount)), received after \(String(format: "%.1f", elapsed * 1000)) ms\n"
        out += "Sources: \(train.sources.count)\n"
        for (name, source) in train.sources {
            out += "\n- \(name)\n"
            if let ts = source.metadata.timestamp {
                let delay = raw.receivedAt - ts
                out += "  timestamp: \(formatTime(ts)) (delay \(String(format: "%.1f", delay * 1000)) ms)\n"
            } else {
                out += "  timestamp: not sent\n"
            }
            out += "  data:\n"
            for (key, value) in source.data {
                out += "    \(key): \(describe(value, verbose: verbose))\n"
            }
            out += "  metadata:\n"
            for (key, value) in source.metadata.entries {
                out += "    \(key): \(describe(value, verbose: false))\n"
            }
        }
        return out
    }

    static func describe(_ value: Value, verbose: Bool) -> String {
        switch value {
        case let .array(a):
            var s = "ndarray \(a.dtype.numpyName) (\(a.shape.map(String.init).joined(separator: ", "))\(a.rank == 1 ? "," : ""))"
            if verbose, let st = a.statistics() { s += String(format: " min %g max %g mean %g", st.min, st.max, st.mean) }
            return s
        case let .scalar(a): return "\(a.dtype.numpyName) \(a.doubles()?.first.map { "\($0)" } ?? "")"
        case let .string(s): return "str \(s.debugDescription)"
        case let .bytes(b): return "bytes (\(b.count))"
        case let .list(items): return "list (\(items.count)) \(items.prefix(4).map { describe($0, verbose: false) })"
        case let .map(m): return "dict (\(m.count) keys)"
        case .none: return "None"
        case let .bool(b): return "bool \(b)"
        case let .int(i): return "int \(i)"
        case let .uint(u): return "int \(u)"
        case let .double(d): return "float \(d)"
        }
    }

    static func formatBytes(_ n: Int) -> String {
        let units = ["B", "kB", "MB", "GB"]
        var v = Double(n), i = 0
        while v >= 1000 && i < units.count - 1 { v /= 1000; i += 1 }
        return i == 0 ? "\(n) B" : String(format: "%.1f %@", v, units[i])
    }

    static func formatTime(_ t: Double) -> String {
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd HH:mm:ss.SSS 'UTC'"
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date(timeIntervalSince1970: t))
    }

    /// The `--json` object.
    static func json(_ train: Train) throws -> String {
        var sources = OrderedDictionary<String, JSONValue>()
        for (name, source) in train.sources {
            sources[name] = .object([
                "metadata": .object(source.metadata.entries.mapValues(jsonValue)),
                "data": .object(source.data.mapValues(jsonValue)),
            ])
        }
        let top: JSONValue = .object([
            "train_id": train.trainID.map { .uint($0) } ?? .null,
            "protocol": .string(train.protocolVersion.rawValue),
            "sources": .object(sources),
        ])
        return top.formatted(JSONValue.Formatting(nonFinite: .string))
    }

    static func jsonValue(_ value: Value) -> JSONValue {
        switch value {
        case .none: return .null
        case let .bool(b): return .bool(b)
        case let .int(i): return .int(i)
        case let .uint(u): return .uint(u)
        case let .double(d): return .double(d)
        case let .string(s): return .string(s)
        case let .bytes(b): return .object(["bytes_hex": .string(b.map { String(format: "%02x", $0) }.joined())])
        case let .list(items): return .array(items.map(jsonValue))
        case let .map(m): return .object(m.mapValues(jsonValue))
        case let .scalar(a):
            if a.dtype.kind == .signedInteger, let v = a.integers()?.first { return .int(Int64(bitPattern: v)) }
            if a.dtype.kind == .unsignedInteger, let v = a.integers()?.first { return .uint(v) }
            if a.dtype.kind == .bool, let v = a.integers()?.first { return .bool(v != 0) }
            return a.doubles()?.first.map { .double($0) } ?? jsonArray(a)
        case let .array(a): return jsonArray(a)
        }
    }

    static func jsonArray(_ a: NDArray) -> JSONValue {
        var fields: OrderedDictionary<String, JSONValue> = [
            "dtype": .string(a.dtype.numpyName),
            "shape": .array(a.shape.map { .int(Int64($0)) }),
        ]
        if let st = a.statistics() {
            fields["min"] = .double(st.min)
            fields["max"] = .double(st.max)
            fields["mean"] = .double(st.mean)
        }
        let digest = a.contiguousData.withUnsafeBytes { SHA256.hash(data: $0) }
        fields["sha256"] = .string(digest.map { String(format: "%02x", $0) }.joined())
        return .object(fields)
    }
}
