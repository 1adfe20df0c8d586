import ByteSlices
import Foundation
import KaraboBridge

/// One message read back from a recording.
public struct RecordedMessage: Sendable {
    /// Where it was and what the index says about it.
    public let entry: RecordIndexEntry
    /// The frames, byte-identical to those received (views of the file's bytes).
    public let frames: [ByteSlice]

    /// The train ID, if the message had one.
    public var trainID: UInt64? { entry.trainID }
    /// Receive time, seconds since the Unix epoch.
    public var receivedAt: Double { entry.receivedAt }
    /// The message as the client delivered it.
    public var rawMessage: RawMessage { RawMessage(frames: frames, receivedAt: receivedAt) }
}

/// Reads a raw recording: a directory of segments, or a single segment file.
///
/// Opening reads the index sidecars (checking them against the segments, and scanning what
/// they do not cover), so every complete record is known without reading the data; records
/// torn by a crash are ignored. Reading records blocks: use a dedicated thread.
public final class RecordingReader: Sendable {
    /// The path given.
    public let path: String
    /// The segments, in order.
    public let segments: [SegmentInfo]
    /// Every complete record, in recording order.
    public let entries: [RecordIndexEntry]
    private let readers: [SegmentReader]

    /// Opens a recording directory (all `seg-*.tsr` in it) or one segment file.
    public init(path: String) throws(RecordingError) {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .notARecording(path: path, reason: "no such file or directory")
        }
        var files: [String]
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            files = names.filter { $0.hasSuffix("." + RecordFormat.segmentExtension) }.sorted().map { path + "/" + $0 }
            guard !files.isEmpty else { throw .notARecording(path: path, reason: "no .\(RecordFormat.segmentExtension) segment files") }
        } else {
            files = [path]
        }
        var opened: [SegmentReader] = []
        for file in files {
            opened.append(try SegmentReader(path: file, position: opened.count))
        }
        opened.sort { $0.header.number < $1.header.number }
        // Re-number positions after sorting by segment number.
        var ordered: [SegmentReader] = []
        for (i, reader) in opened.enumerated() {
            ordered.append(reader.position == i ? reader : try SegmentReader(path: reader.file.path, position: i))
        }
        if let first = ordered.first, let other = ordered.first(where: { $0.header.recordingID != first.header.recordingID }) {
            throw .notARecording(path: path, reason: "\(other.file.path) belongs to another recording than \(first.file.path)")
        }
        var all: [RecordIndexEntry] = []
        var infos: [SegmentInfo] = []
        for reader in ordered {
            let (entries, info) = try reader.locateRecords()
            all += entries
            infos.append(info)
        }
        readers = ordered
        segments = infos
        entries = all
    }

    /// Number of complete records.
    public var count: Int { entries.count }

    /// The JSON description of the first segment's header.
    public var descriptionJSON: String { segments.first?.header.json ?? "{}" }

    /// Reads record `index`. With `verify`, its checksum is checked first.
    public func message(at index: Int, verify: Bool = true) throws(RecordingError) -> RecordedMessage {
        let entry = entries[index]
        let frames = try readers[entry.segment].readRecord(at: entry.offset, verify: verify)
        return RecordedMessage(entry: entry, frames: frames)
    }

    /// The position of the first record of train `trainID`, or else of the first record with a
    /// larger train ID; found in the in-memory index, without reading the data.
    public func firstIndex(ofTrain trainID: UInt64) -> Int? {
        if let exact = entries.firstIndex(where: { $0.trainID == trainID }) { return exact }
        return entries.firstIndex { ($0.trainID ?? 0) > trainID }
    }

    /// Positions of the records whose train ID lies in `range` (records without one excluded).
    public func indices(trains range: ClosedRange<UInt64>) -> [Int] {
        entries.indices.filter { entries[$0].trainID.map(range.contains) ?? false }
    }

    /// Checks every record's checksum; returns the positions of damaged ones.
    public func verifyAll() -> [Int] {
        entries.indices.filter { (try? message(at: $0, verify: true)) == nil }
    }
}
