import ByteSlices
import Foundation
import KaraboBridge
import Recording
import TestSupport

/// What `Tests/Peers/rec_h5_check.py` (extra_data + h5py) reports about HDF5 output, and
/// comparisons with the trains that were recorded.
struct ExtraDataCheck {
    let report: JSONValue

    /// Runs the peer on a file or run directory.
    static func of(_ path: String) async throws -> ExtraDataCheck {
        let result = try await ChildProcess.python("rec_h5_check.py", [path]).succeed(timeout: 90)
        return ExtraDataCheck(report: try JSONValue.parse(result.stdout))
    }

    var trainIDs: [UInt64] { report["train_ids"]?.array?.compactMap(\.uint64) ?? [] }

    func keys(_ source: String) -> [String] { report["sources"]?[source]?["keys"]?.array?.compactMap(\.string) ?? [] }

    func section(_ source: String) -> String? { report["sources"]?[source]?["section"]?.string }

    /// Differences between what extra_data returns for each train and the trains recorded.
    /// Values the EuXFEL layout cannot hold (None, lists of strings) are expected to be absent.
    func differences(from trains: [Train]) -> [String] {
        var out: [String] = []
        for train in trains {
            guard let id = train.trainID, let rendered = report["trains"]?[String(id)] else {
                out.append("train \(train.trainID.map(String.init) ?? "?") missing")
                continue
            }
            for (name, source) in train.sources {
                let control = EuXFELLayout.section(of: name) == .control
                guard let got = rendered[name] else { out.append("\(id) \(name) missing"); continue }
                var expectedKeys: Set<String> = []
                for (key, value) in flatten(source.data) where Self.storable(value) {
                    let stored = control ? key + ".value" : key
                    expectedKeys.insert(stored)
                    if control { expectedKeys.insert(key + ".timestamp") }
                    guard let v = got[stored] else { out.append("\(id) \(name) \(stored) missing"); continue }
                    out += Self.compare(value, v, at: "\(id) \(name) \(stored)")
                    if control, let stamp = source.metadata.timestamp {
                        let ns = got[key + ".timestamp"]?["value"]?.uint64 ?? 0
                        if abs(Double(ns) / 1e9 - stamp) > 1e-6 { out.append("\(id) \(name) \(key).timestamp \(ns)") }
                    }
                }
                let gotKeys = Set(got.object?.keys.map { $0 } ?? [])
                if gotKeys != expectedKeys {
                    out.append("\(id) \(name) keys \(gotKeys.sorted()) expected \(expectedKeys.sorted())")
                }
            }
        }
        return out
    }

    func flatten(_ data: some Sequence<(key: String, value: Value)>, prefix: String = "") -> [(String, Value)] {
        var out: [(String, Value)] = []
        for (key, value) in data where !(prefix.isEmpty && key == "metadata") {
            if case let .map(m) = value, !m.isEmpty {
                out += flatten(m.map { (key: $0.key, value: $0.value) }, prefix: prefix + key + ".")
            } else {
                out.append((prefix + key, value))
            }
        }
        return out
    }

    static func storable(_ value: Value) -> Bool {
        switch value {
        case .none, .map: return false
        case let .list(items): return !items.isEmpty && !items.contains { $0.string != nil }
        case let .array(a): return a.count > 0 && a.dtype.kind != .complex && !(a.dtype.kind == .float && a.dtype.itemSize == 2)
        default: return true
        }
    }

    /// One value against extra_data's rendering of it.
    static func compare(_ value: Value, _ got: JSONValue, at path: String) -> [String] {
        func fail() -> [String] { ["\(path): got \(got) for \(value)"] }
        switch value {
        case let .array(a):
            guard got["__ndarray__"] != nil else { return fail() }
            var diffs: [String] = []
            if got["shape"]?.array?.compactMap(\.int) != a.shape { diffs.append("\(path): shape") }
            let little = littleEndianBytes(a)
            if got["sha256"]?.string != sha256Hex(little) { diffs.append("\(path): sha256 differs") }
            if got["dtype"]?.string != nativeName(a.dtype) { diffs.append("\(path): dtype \(got["dtype"]!)") }
            return diffs
        case let .list(items):
            // Stored as bool, int64 or float64 arrays.
            guard got["__ndarray__"] != nil else { return fail() }
            var bytes: [UInt8] = []
            let dtype: String
            if items.allSatisfy({ if case .bool = $0 { return true }; return false }) {
                dtype = "bool"
                bytes = items.map { $0 == .bool(true) ? 1 : 0 }
            } else if items.allSatisfy({ if case .int = $0 { return true }; if case .uint = $0 { return true }; return false }) {
                dtype = "int64"
                for item in items { withUnsafeBytes(of: item.int64!.littleEndian) { bytes += $0 } }
            } else {
                dtype = "float64"
                for item in items { withUnsafeBytes(of: item.double!.bitPattern.littleEndian) { bytes += $0 } }
            }
            let ok = got["dtype"]?.string == dtype && got["sha256"]?.string == sha256Hex(ByteSlice(copying: bytes))
            return ok ? [] : fail()
        case .bool, .int, .uint, .double, .scalar:
            guard let number = got["value"]?.double ?? got["value"]?.bool.map({ $0 ? 1 : 0 }) else { return fail() }
            return number == value.double ? [] : fail()
        case let .string(s):
            if got.string == s { return [] }
            return got["__bytes_hex__"]?.string == Array(s.utf8).map { String(format: "%02x", $0) }.joined() ? [] : fail()
        case let .bytes(b):
            return got["__bytes_hex__"]?.string == b.map { String(format: "%02x", $0) }.joined() || got.string == String(decoding: b.bytes, as: UTF8.self) ? [] : fail()
        default:
            return fail()
        }
    }

    /// numpy's name of the native-endian type with the same elements (`>u2` → `uint16`).
    static func nativeName(_ dtype: DType) -> String {
        let bits = String(dtype.itemSize * 8)
        switch dtype.kind {
        case .bool: return "bool"
        case .signedInteger: return "int" + bits
        case .unsignedInteger: return "uint" + bits
        case .float: return "float" + bits
        default: return dtype.numpyName
        }
    }

    /// The array's elements as little-endian bytes in C order.
    static func littleEndianBytes(_ a: NDArray) -> ByteSlice {
        let data = a.contiguousData
        guard a.dtype.isBigEndian else { return data }
        var bytes = data.bytes
        let size = a.dtype.itemSize
        for start in stride(from: 0, to: bytes.count, by: size) { bytes[start..<(start + size)].reverse() }
        return ByteSlice(copying: bytes)
    }
}
