import Foundation
import KaraboBridge
import PythonViews
import TestSupport
import Views

/// Shared pieces of the Python view tests: the venv's interpreter, temporary context files, trains.
enum PythonTestSupport {
    static func configuration(workers: Int = 2, timeout: Double = 10) -> PythonConfiguration {
        PythonConfiguration(python: TestEnvironment.python, workers: workers, timeout: timeout,
                            packageDirectory: TestEnvironment.packageRoot.appendingPathComponent("python"))
    }

    /// A fresh folder holding `files` (name → text).
    static func folder(_ files: [String: String]) throws -> URL {
        let dir = try TestEnvironment.temporaryDirectory("python-views")
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir
    }

    /// A train whose source `SRC/CAM:output` has `data.image`: a float32 image `rows × columns`
    /// with pixel (r, c) = r + 10 c + trainID % 7.
    static func train(_ id: UInt64, rows: Int = 4, columns: Int = 6) -> Train {
        var values: [Float] = []
        for r in 0..<rows { for c in 0..<columns { values.append(Float(r + 10 * c) + Float(id % 7)) } }
        var source = SourceData(name: "SRC/CAM:output", metadata: Metadata(source: "SRC/CAM:output", trainID: id, timestamp: 1.7e9))
        source.data["data.image"] = .array(.float32(values, shape: [rows, columns]))
        return Train(sources: [source])
    }

    static func image(_ id: UInt64, rows: Int = 4, columns: Int = 6) -> [[Double]] {
        (0..<rows).map { r in (0..<columns).map { c in Double(r + 10 * c) + Double(id % 7) } }
    }
}

extension TrainReport {
    /// The failure message of view `name`, if it failed.
    func failure(_ name: String) -> String? {
        if case let .failed(m)? = self[name]?.outcome { return m }
        return nil
    }
}
