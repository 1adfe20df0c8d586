import Foundation

/// The captured bridge messages in `../shared/vectors`.
public enum Vectors {
    public static let directory = TestEnvironment.sharedDirectory.appendingPathComponent("vectors")

    /// Every `train_NNN.msgpack` that has an `.expected.json`, as (folder, file) pairs.
    public static func trainFiles() throws -> [(folder: String, file: URL)] {
        var out: [(String, URL)] = []
        let folders = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        for folder in folders {
            let dir = directory.appendingPathComponent(folder)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else { continue }
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
            where name.hasSuffix(".msgpack") && FileManager.default.fileExists(atPath: dir.appendingPathComponent(name + ".expected.json").path) {
                out.append((folder, dir.appendingPathComponent(name)))
            }
        }
        return out
    }

    /// The `.expected.json` beside a train file.
    public static func expected(for file: URL) throws -> JSONValue {
        try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: file.path + ".expected.json")))
    }
}
