import ByteSlices
import Foundation
import KaraboBridge
import Operators
import TestSupport

/// The shared reference cases (`../shared/refcases`): manifest, arrays checked against their
/// recorded size and sha256, and the per-case tolerances.
struct ReferenceCases: Sendable {
    static let directory = TestEnvironment.sharedDirectory.appendingPathComponent("refcases")

    let manifest: JSONValue

    /// Loaded once per test process.
    static let shared: Result<ReferenceCases, Error> = Result { try ReferenceCases() }

    static func load() throws -> ReferenceCases { try shared.get() }

    init() throws {
        manifest = try JSONValue.parse(Data(contentsOf: Self.directory.appendingPathComponent("manifest.json")))
    }

    /// The case with `id`.
    func `case`(_ id: String) throws -> JSONValue {
        guard let found = manifest["cases"]?.array?.first(where: { $0["id"]?.string == id }) else {
            throw VectorError("reference case \(id) not in the manifest")
        }
        return found
    }

    /// Raw bytes of an array, after checking size and sha256 against the manifest.
    func bytes(_ name: String) throws -> (dtype: String, shape: [Int], data: ByteSlice) {
        guard let entry = manifest["arrays"]?[name], let file = entry["file"]?.string,
              let dtype = entry["dtype"]?.string, let shape = entry["shape"]?.array?.compactMap(\.int),
              let nbytes = entry["nbytes"]?.int, let sha = entry["sha256"]?.string else {
            throw VectorError("array \(name) not in the manifest")
        }
        let data = try Data(contentsOf: Self.directory.appendingPathComponent(file))
        let slice = data.withUnsafeBytes { ByteSlice(HeapBytes(copying: $0)) }
        guard slice.count == nbytes else { throw VectorError("\(file): \(slice.count) bytes, manifest says \(nbytes)") }
        guard sha256Hex(slice) == sha else { throw VectorError("\(file): sha256 differs from the manifest") }
        return (dtype, shape, slice)
    }

    /// An array as `DenseArray<E>`; the file's dtype must be `E`'s.
    func dense<E: DenseElement>(_ name: String, as _: E.Type = E.self) throws -> DenseArray<E> {
        let (dtype, shape, data) = try bytes(name)
        let expected = E.self == Float.self ? "<f4" : "<f8"
        guard dtype == expected else { throw VectorError("\(name) is \(dtype), not \(expected)") }
        return try DenseArray(NDArray(dtype: E.dtype, shape: shape, data: data))
    }

    func floats(_ name: String) throws -> [Float] { try dense(name, as: Float.self).values }
    func doubles(_ name: String) throws -> [Double] { try dense(name, as: Double.self).values }

    func uint8(_ name: String) throws -> (shape: [Int], values: [UInt8]) {
        let (dtype, shape, data) = try bytes(name)
        guard dtype == "|u1" else { throw VectorError("\(name) is \(dtype), not |u1") }
        return (shape, data.bytes)
    }
}


/// Unwraps a manifest field, naming it when it is missing.
func need<T>(_ value: T?, _ what: @autoclosure () -> String) throws -> T {
    guard let value else { throw VectorError("missing \(what())") }
    return value
}
