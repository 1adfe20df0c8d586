import ByteSlices
import Crypto
import Foundation
import KaraboBridge
import MessagePack

/// Loads a vector container (a msgpack array of bin frames) into frames that view the file's bytes.
public func loadFrames(_ file: URL) throws -> [ByteSlice] {
    let data = try Data(contentsOf: file)
    let whole = data.withUnsafeBytes { ByteSlice(HeapBytes(copying: $0)) }
    guard case let .array(items) = try MessagePackDecoder().decode(whole) else { throw VectorError("not an array") }
    return try items.map { item in
        guard case let .binary(b) = item else { throw VectorError("frame is not bin") }
        return b
    }
}

public struct VectorError: Error, CustomStringConvertible {
    public let description: String
    public init(_ d: String) { description = d }
}

public func sha256Hex(_ slice: ByteSlice) -> String {
    slice.withUnsafeBytes { SHA256.hash(data: $0) }.map { String(format: "%02x", $0) }.joined()
}

/// Differences between a decoded value and the reference client's JSON rendering of it.
public func differences(_ value: Value, _ expected: JSONValue, at path: String) -> [String] {
    func mismatch() -> [String] { ["\(path): got \(value) expected \(expected)"] }
    if let tagged = expected.members {
        if tagged["__ndarray__"] != nil {
            guard case let .array(a) = value else { return mismatch() }
            return arrayDifferences(a, tagged, at: path)
        }
        if let hex = tagged["__bytes_hex__"]?.string {
            guard case let .bytes(b) = value else { return mismatch() }
            let got = b.map { String(format: "%02x", $0) }.joined()
            return got == hex ? [] : ["\(path): bytes \(got) expected \(hex)"]
        }
        if let dtype = tagged["__npscalar__"]?.string {
            guard case let .scalar(a) = value, a.dtype.numpyName == dtype,
                  let exp = tagged["value"]?.double, a.doubles()?.first == exp else { return mismatch() }
            return []
        }
        guard case let .map(m) = value else { return mismatch() }
        var out: [String] = []
        if Set(m.keys) != Set(tagged.keys) { out.append("\(path): keys \(m.keys.sorted()) expected \(tagged.keys.sorted())") }
        for (k, e) in tagged { if let v = m[k] { out += differences(v, e, at: path + "." + k) } }
        return out
    }
    switch (value, expected) {
    case (.none, .null): return []
    case let (.bool(a), .bool(b)): return a == b ? [] : mismatch()
    case let (.string(a), .string(b)): return a == b ? [] : mismatch()
    case let (.int(a), .int(b)): return a == b ? [] : mismatch()
    case let (.uint(a), _): return expected.uint64 == a ? [] : mismatch()
    case let (.int(a), .uint(b)): return a >= 0 && UInt64(a) == b ? [] : mismatch()
    case let (.double(a), _): return expected.double == a ? [] : mismatch()
    case let (.list(items), .array(exp)):
        guard items.count == exp.count else { return mismatch() }
        return zip(items, exp).enumerated().flatMap { differences($1.0, $1.1, at: "\(path)[\($0)]") }
    default: return mismatch()
    }
}

public func arrayDifferences(_ a: NDArray, _ e: [String: JSONValue], at path: String) -> [String] {
    var out: [String] = []
    if a.dtype.numpyName != e["dtype"]?.string { out.append("\(path): dtype \(a.dtype.numpyName) expected \(e["dtype"]!)") }
    if a.dtype.typestr != e["dtype_str"]?.string { out.append("\(path): typestr \(a.dtype.typestr) expected \(e["dtype_str"]!)") }
    if a.shape != e["shape"]?.array?.compactMap(\.int) { out.append("\(path): shape \(a.shape) expected \(e["shape"]!)") }
    if a.byteCount != e["nbytes"]?.int { out.append("\(path): nbytes \(a.byteCount) expected \(e["nbytes"]!)") }
    if sha256Hex(a.contiguousData) != e["sha256"]?.string { out.append("\(path): sha256 differs") }
    if let values = e["values"] {
        func flatten(_ v: JSONValue) -> [Double] { v.array.map { $0.flatMap(flatten) } ?? [v.double ?? (v.bool.map { $0 ? 1 : 0 } ?? .nan)] }
        if a.doubles() != flatten(values) { out.append("\(path): values \(a.doubles() ?? []) expected \(values)") }
    }
    return out
}

/// Differences between a train and the reference client's rendering of it
/// (`{"sources": [...], "data": {...}, "metadata": {...}}`).
public func trainDifferences(_ train: Train, _ rendered: JSONValue) -> [String] {
    var out: [String] = []
    let names = rendered["sources"]?.array?.compactMap(\.string) ?? []
    if Set(train.sources.keys) != Set(names) { out.append("sources \(Array(train.sources.keys)) expected \(names)") }
    for (name, source) in train.sources {
        guard let data = rendered["data"]?[name], let meta = rendered["metadata"]?[name] else { continue }
        out += differences(.map(source.data), data, at: name)
        out += differences(.map(source.metadata.entries), meta, at: name + "#metadata")
    }
    return out
}
