import ByteSlices
import Foundation
import KaraboBridge

/// What a replay can read.
public enum ReplaySourceKind: String, Sendable {
    /// A trainspotter raw recording (frames sent byte-identical unless re-encoding is asked for).
    case raw
    /// European XFEL HDF5 files (trainspotter's or the facility's), encoded as trains.
    case hdf5
}

/// One message of a replay source, located but not read yet.
struct ReplayEntry: Sendable {
    let trainID: UInt64?
    /// Seconds on the source's timeline, for original pacing.
    let time: Double
    /// Where the source finds it (record or train position).
    let locator: Int
}

/// One message read from a replay source.
enum LoadedMessage {
    /// Frames exactly as recorded.
    case frames([ByteSlice])
    /// A train built from files.
    case train(Train)
}

/// A replay source, used on the replay thread only.
protocol ReplaySource: AnyObject {
    var kind: ReplaySourceKind { get }
    /// Every message in order.
    var entries: [ReplayEntry] { get }
    /// Reads one message.
    func load(_ entry: ReplayEntry) throws(RecordingError) -> LoadedMessage
}

/// Opens the right kind of source for `path`.
func openReplaySource(_ path: String, options: ReplayOptions) throws(RecordingError) -> any ReplaySource {
    switch try detectKind(path) {
    case .raw: return RawReplaySource(reader: try RecordingReader(path: path), verify: options.verify)
    case .hdf5: return try HDF5ReplaySource(path: path, options: options)
    }
}

/// Raw recording (a `.tsr` file or a directory of them) or HDF5 (an `.h5` file or a directory of them).
func detectKind(_ path: String) throws(RecordingError) -> ReplaySourceKind {
    let fm = FileManager.default
    var isDirectory: ObjCBool = false
    guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw .notARecording(path: path, reason: "no such file or directory")
    }
    if isDirectory.boolValue {
        let names = (try? fm.contentsOfDirectory(atPath: path)) ?? []
        if names.contains(where: { $0.hasSuffix("." + RecordFormat.segmentExtension) }) { return .raw }
        if names.contains(where: { $0.hasSuffix(".h5") }) { return .hdf5 }
        throw .notARecording(path: path, reason: "holds neither .\(RecordFormat.segmentExtension) segments nor .h5 files")
    }
    let file = try ReadableFile(path)
    let head = try file.read(count: 8, at: 0) ?? []
    if head == RecordFormat.segmentMagic { return .raw }
    if head == [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A] { return .hdf5 }
    throw .notARecording(path: path, reason: "neither a trainspotter segment nor an HDF5 file")
}

/// A raw recording as a replay source.
final class RawReplaySource: ReplaySource {
    let reader: RecordingReader
    let verify: Bool
    let entries: [ReplayEntry]
    var kind: ReplaySourceKind { .raw }

    init(reader: RecordingReader, verify: Bool) {
        self.reader = reader
        self.verify = verify
        entries = reader.entries.enumerated().map { ReplayEntry(trainID: $1.trainID, time: $1.receivedAt, locator: $0) }
    }

    func load(_ entry: ReplayEntry) throws(RecordingError) -> LoadedMessage {
        .frames(try reader.message(at: entry.locator, verify: verify).frames)
    }
}

/// HDF5 files as a replay source.
final class HDF5ReplaySource: ReplaySource {
    let reader: EuXFELReader
    let entries: [ReplayEntry]
    var kind: ReplaySourceKind { .hdf5 }

    init(path: String, options: ReplayOptions) throws(RecordingError) {
        reader = try EuXFELReader(path: path, sourceGlob: options.sourceGlob, keyGlob: options.keyGlob)
        entries = zip(reader.trainIDs, reader.trainTimes).enumerated().map {
            ReplayEntry(trainID: $1.0, time: $1.1, locator: $0)
        }
    }

    func load(_ entry: ReplayEntry) throws(RecordingError) -> LoadedMessage {
        .train(try reader.train(entry.trainID ?? 0))
    }
}
