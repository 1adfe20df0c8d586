import Foundation
import TestSupport

/// What `Tests/Peers/h5_check.py` reports about a file, as h5py sees it.
struct H5Summary: Decodable {
    struct Group: Decodable {
        let attrs: [String: AttributeValue]
    }

    struct StringInfo: Decodable {
        let encoding: String
        let length: Int?
    }

    struct Dataset: Decodable {
        let dtype: String
        let shape: [Int]
        let maxshape: [Int?]?
        let chunks: [Int]?
        let attrs: [String: AttributeValue]
        let sha256: String?
        let string: StringInfo?
        let strings: [String]?
    }

    let groups: [String: Group]
    let datasets: [String: Dataset]

    /// Runs the h5py peer on `path` and decodes its report.
    static func of(_ path: String) async throws -> H5Summary {
        let result = try await ChildProcess.python("h5_check.py", [path]).succeed()
        return try JSONDecoder().decode(H5Summary.self, from: Data(result.stdout.utf8))
    }
}

/// A scalar attribute value in the h5py report.
enum AttributeValue: Decodable, Equatable {
    case string(String)
    case int(Int64)
    case other

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else {
            self = .other
        }
    }
}

/// Test files and tools.
enum Files {
    /// A path for a new `.h5` file in a fresh temporary folder.
    static func newPath(_ name: String = "test") throws -> String {
        try TestEnvironment.temporaryDirectory("hdf5").appendingPathComponent("\(name).h5").path
    }

    /// Runs `h5dump -H` (the header only) on `path`.
    static func h5dumpHeader(_ path: String) async throws -> ProcessResult {
        try await run("/usr/bin/h5dump", ["-H", path])
    }
}
