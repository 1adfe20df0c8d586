import ByteSlices

/// What a reader found in one segment file.
public struct SegmentInfo: Sendable {
    /// The segment file.
    public let path: String
    /// Its header.
    public let header: SegmentHeader
    /// Complete records found.
    public let records: Int
    /// Bytes after the last complete record (a record torn by a crash), ignored.
    public let ignoredBytes: Int
    /// Whether the index sidecar was missing or incomplete, so (part of) the segment was scanned.
    public let scanned: Bool
}

/// Reads one segment: its header, its records' locations (from the index sidecar, checked,
/// completed by scanning), and single records.
final class SegmentReader: Sendable {
    let file: ReadableFile
    let header: SegmentHeader
    let position: Int
    /// The whole segment as it was when opened, mapped read-only: records are slices of it
    /// (no copies, no per-record mapping), faulted in by whoever reads them first.
    let mapping: MappedRegion?

    /// Opens a segment file and checks its header. `position` is its place in the recording.
    init(path: String, position: Int) throws(RecordingError) {
        file = try ReadableFile(path)
        self.position = position
        guard let fixed = try file.read(count: RecordFormat.segmentHeaderSize, at: 0),
              let (parsed, jsonLength) = fixed.withUnsafeBytes({ SegmentHeader.parseFixed($0) }) else {
            throw .notARecording(path: path, reason: "no segment header")
        }
        guard parsed.majorVersion == RecordFormat.majorVersion else {
            throw .notARecording(path: path, reason: "format version \(parsed.majorVersion).\(parsed.minorVersion) is not supported")
        }
        guard let json = try file.read(count: jsonLength, at: RecordFormat.segmentHeaderSize),
              fixed.withUnsafeBytes({ SegmentHeader.checksumMatches(fixed: $0, json: json) }) else {
            throw .corrupt(path: path, offset: 0, reason: "the segment header checksum does not match")
        }
        var header = parsed
        header.json = String(decoding: json, as: UTF8.self)
        self.header = header
        mapping = try MappedRegion(file: file, offset: 0, count: try file.size(), populate: false)
    }

    /// The index sidecar's path.
    var indexPath: String {
        let path = file.path
        let base = path.hasSuffix("." + RecordFormat.segmentExtension)
            ? String(path.dropLast(RecordFormat.segmentExtension.count)) : path + "."
        return base + RecordFormat.indexExtension
    }

    /// Every complete record: the index's entries while they check out, then a scan of
    /// whatever follows the last of them.
    func locateRecords() throws(RecordingError) -> (entries: [RecordIndexEntry], info: SegmentInfo) {
        let size = mapping?.storageBytes.count ?? 0
        var entries = try indexedEntries(fileSize: size)
        var scanned = false
        // Drop trailing entries whose record does not check out (a damaged sidecar).
        while let last = entries.last {
            if let header = try recordHeader(at: last.offset), last.offset + header.totalLength <= size,
               header.trainID == last.trainID, header.flags == last.flags {
                break
            }
            entries.removeLast()
            scanned = true
        }
        var offset = header.dataOffset
        if let last = entries.last, let lastHeader = try recordHeader(at: last.offset) {
            offset = last.offset + lastHeader.totalLength
        }
        // Records after the last indexed one (the index lags, is missing, or was cut short).
        while offset < size {
            guard let found = try verifiedHeader(at: offset, fileSize: size) else { break }
            scanned = true
            entries.append(RecordIndexEntry(segment: position, offset: offset, trainID: found.trainID,
                                            receivedAtNanoseconds: found.receivedAtNanoseconds, flags: found.flags))
            offset += found.totalLength
        }
        let info = SegmentInfo(path: file.path, header: header, records: entries.count,
                               ignoredBytes: size - offset, scanned: scanned)
        return (entries, info)
    }

    /// The sidecar's entries up to the first that is damaged or out of place.
    private func indexedEntries(fileSize: Int) throws(RecordingError) -> [RecordIndexEntry] {
        guard let index = try? ReadableFile(indexPath) else { return [] }
        let size = try index.size()
        guard size >= RecordFormat.indexHeaderSize,
              let head = try index.read(count: RecordFormat.indexHeaderSize, at: 0),
              Array(head[0..<8]) == RecordFormat.indexMagic,
              head.withUnsafeBytes({ Int($0.u32(12)) }) == header.number,
              Array(head[16..<32]) == header.recordingID else { return [] }
        let count = (size - RecordFormat.indexHeaderSize) / RecordFormat.indexEntrySize
        guard count > 0, let body = try index.read(count: count * RecordFormat.indexEntrySize,
                                                   at: RecordFormat.indexHeaderSize) else { return [] }
        var entries: [RecordIndexEntry] = []
        entries.reserveCapacity(count)
        var expected = header.dataOffset
        body.withUnsafeBytes { raw in
            for i in 0..<count {
                let slice = UnsafeRawBufferPointer(rebasing: raw[(i * RecordFormat.indexEntrySize)..<((i + 1) * RecordFormat.indexEntrySize)])
                guard let entry = RecordIndexEntry.parse(slice, segment: position),
                      entry.offset >= expected, entry.offset < fileSize else { return }
                entries.append(entry)
                expected = entry.offset + RecordFormat.recordHeaderSize
            }
        }
        return entries
    }

    /// The record header at `offset`, if one is there.
    func recordHeader(at offset: Int) throws(RecordingError) -> RecordHeader? {
        guard let bytes = try file.read(count: RecordFormat.recordHeaderSize, at: offset) else { return nil }
        return try? bytes.withUnsafeBytes { RecordHeader.parse($0) }.get()
    }

    /// The header of a complete record at `offset` whose checksum matches; nil for a torn or damaged one.
    private func verifiedHeader(at offset: Int, fileSize: Int) throws(RecordingError) -> RecordHeader? {
        guard let header = try recordHeader(at: offset), offset + header.totalLength <= fileSize else { return nil }
        guard (try? readRecord(at: offset, header: header, verify: true)) != nil else { return nil }
        return header
    }

    /// Reads the record at `offset`: its frames as slices of one shared buffer (a memory map for
    /// large records). With `verify`, checks the record checksum first.
    func readRecord(at offset: Int, header known: RecordHeader? = nil, verify: Bool) throws(RecordingError) -> [ByteSlice] {
        var found = known
        if found == nil { found = try recordHeader(at: offset) }
        guard let header = found else {
            throw .corrupt(path: file.path, offset: offset, reason: "no record header")
        }
        let total = header.totalLength
        guard let mapping, let record = ByteSlice(mapping, offset: offset, count: total) else {
            throw .corrupt(path: file.path, offset: offset, reason: "the file ends inside the record")
        }
        let bytes = record.stableBytes
        defer { withExtendedLifetime(record) {} }
        let trailer = total - RecordFormat.recordTrailerSize
        guard bytes.u64(trailer + 8) == UInt64(total) else {
            throw .corrupt(path: file.path, offset: offset, reason: "the record trailer does not match its header")
        }
        if verify {
            let sum = XXH64.hash(UnsafeRawBufferPointer(rebasing: bytes[0..<trailer]))
            guard sum == bytes.u64(trailer) else {
                throw .corrupt(path: file.path, offset: offset, reason: "the record checksum does not match")
            }
        }
        var frames: [ByteSlice] = []
        frames.reserveCapacity(header.frameCount)
        var position = RecordFormat.recordHeaderSize + 8 * header.frameCount
        for i in 0..<header.frameCount {
            let length = bytes.u64(RecordFormat.recordHeaderSize + 8 * i)
            guard length <= UInt64(trailer - position),
                  let frame = record.slice(offset: position, count: Int(length)) else {
                throw .corrupt(path: file.path, offset: offset, reason: "frame \(i) does not fit in the record")
            }
            frames.append(frame)
            position += RecordFormat.align8(Int(length))
        }
        guard position == trailer else {
            throw .corrupt(path: file.path, offset: offset, reason: "the frames do not fill the record")
        }
        return frames
    }
}
