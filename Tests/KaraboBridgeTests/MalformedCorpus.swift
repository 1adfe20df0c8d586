import ByteSlices
import Foundation
import MessagePack
import Testing

/// The malformed-message corpus in `Corpus/` (made by `Corpus/make_corpus.py`): per case, the
/// frames of one message and the exact error the decoder must report for it.
struct MalformedCorpus {
    /// One case: its name, its frames and the exact `BridgeDecodeError.description` expected.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let frames: [ByteSlice]
        let expectedError: String
        var testDescription: String { name }
    }

    /// `Tests/KaraboBridgeTests/Corpus`, found from this file's path.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

    /// Every case listed in `expected.tsv`, in file order (empty if the corpus cannot be read;
    /// ``load()`` reports why).
    static let cases: [Case] = (try? load()) ?? []

    /// Reads `expected.tsv` and each listed `NAME.frames`.
    static func load() throws -> [Case] {
        let table = try String(contentsOf: directory.appendingPathComponent("expected.tsv"), encoding: .utf8)
        return try table.split(separator: "\n").map { line in
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw CorpusError("bad expected.tsv line: \(line)") }
            return Case(name: parts[0], frames: try frames(named: parts[0]), expectedError: parts[1])
        }
    }

    /// The frames stored in `NAME.frames`: one msgpack array of bin, one bin per frame.
    static func frames(named name: String) throws -> [ByteSlice] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name + ".frames"))
        guard case let .array(items) = try MessagePackDecoder().decode(ByteSlice(copying: data)) else {
            throw CorpusError("\(name).frames is not a msgpack array")
        }
        return try items.map { item in
            guard case let .binary(frame) = item else { throw CorpusError("\(name).frames holds a non-bin element") }
            return frame
        }
    }

    /// Names of the `.frames` files on disk.
    static func fileNames() throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".frames") }.map { String($0.dropLast(".frames".count)) })
    }
}

/// A corpus file that cannot be read as documented.
struct CorpusError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
