import Foundation
import Operators
import TestSupport

/// EXtra-geom references made by `Tests/Peers/geom_reference.py` on this machine, once per
/// test process: `.geom` files written by `write_crystfel_geom` and what `position_modules`
/// and `get_pixel_positions` give for them.
struct GeometryPeerCases: Sendable {
    let directory: URL
    let manifest: JSONValue

    static let ids = ["agipd", "lpd", "jungfrau", "epix"]

    static let shared = Task<GeometryPeerCases, Error> {
        let dir = try TestEnvironment.temporaryDirectory("geom-peer")
        let result = try await run(TestEnvironment.python,
                                   [TestEnvironment.peersDirectory.appendingPathComponent("geom_reference.py").path, dir.path],
                                   timeout: 600)
        guard result.status == 0, result.stdout.contains("DONE") else {
            throw VectorError("geom_reference.py failed (\(result.status)):\n\(result.stdout)\n\(result.stderr)")
        }
        return GeometryPeerCases(directory: dir,
                                 manifest: try JSONValue.parse(Data(contentsOf: dir.appendingPathComponent("cases.json"))))
    }

    static func load() async throws -> GeometryPeerCases { try await shared.value }

    func `case`(_ id: String) throws -> JSONValue {
        try need(manifest["cases"]?.array?.first { $0["id"]?.string == id }, "geometry case \(id)")
    }

    func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }

    /// A raw little-endian array of the case, with its shape.
    func values<T: BitwiseCopyable>(_ entry: JSONValue?, as _: T.Type) throws -> (shape: [Int], values: [T]) {
        let file = try need(entry?["file"]?.string, "file")
        let shape = try need(entry?["shape"]?.array?.compactMap(\.int), "shape")
        let data = try Data(contentsOf: directory.appendingPathComponent(file))
        let count = shape.reduce(1, *)
        guard data.count == count * MemoryLayout<T>.stride else { throw VectorError("\(file): \(data.count) bytes for \(shape)") }
        let values = data.withUnsafeBytes { raw in (0..<count).map { raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.stride, as: T.self) } }
        return (shape, values)
    }
}
