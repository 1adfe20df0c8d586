/// The header of a segment file: 64 fixed bytes, then a JSON description padded to 8 bytes.
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 8 | magic `89 54 53 52 0D 0A 1A 0A` |
/// | 8 | 2 | major version (1) |
/// | 10 | 2 | minor version (0) |
/// | 12 | 4 | segment number (0, 1, …) |
/// | 16 | 8 | creation time, ns since the Unix epoch |
/// | 24 | 16 | recording ID (random; equal in all segments of one recording) |
/// | 40 | 4 | JSON length *L* |
/// | 44 | 4 | reserved, 0 |
/// | 48 | 8 | XXH64 of bytes 0‥47 followed by the *L* JSON bytes |
/// | 56 | 8 | reserved, 0 |
/// | 64 | *L* | JSON (UTF-8), zero-padded to a multiple of 8; the first record follows |
public struct SegmentHeader: Sendable, Equatable {
    /// Position of the segment in its recording.
    public var number: Int
    /// Creation time in nanoseconds since the Unix epoch.
    public var createdNanoseconds: Int64
    /// Identifies the recording (16 bytes).
    public var recordingID: [UInt8]
    /// A JSON object describing the recording (writer, endpoint, pattern, …).
    public var json: String
    /// Format version of the file.
    public var majorVersion: UInt16 = RecordFormat.majorVersion
    public var minorVersion: UInt16 = RecordFormat.minorVersion

    public init(number: Int, createdNanoseconds: Int64, recordingID: [UInt8], json: String) {
        self.number = number
        self.createdNanoseconds = createdNanoseconds
        self.recordingID = recordingID
        self.json = json
    }

    /// Where the first record starts.
    public var dataOffset: Int { RecordFormat.segmentHeaderSize + RecordFormat.align8(json.utf8.count) }

    /// The header bytes, up to the first record.
    func encoded() -> [UInt8] {
        let text = Array(json.utf8)
        var w = ByteWriter(capacity: dataOffset)
        w.put(RecordFormat.segmentMagic)
        w.put(majorVersion)
        w.put(minorVersion)
        w.put(UInt32(number))
        w.put(createdNanoseconds)
        w.put(recordingID)
        w.put(UInt32(text.count))
        w.put(UInt32(0))
        var hash = XXH64()
        hash.update(w.bytes)
        hash.update(text)
        w.put(hash.digest())
        w.put(UInt64(0))
        w.put(text)
        w.zeros(RecordFormat.align8(text.count) - text.count)
        return w.bytes
    }

    /// Parses the 64 fixed bytes; returns the header (with an empty JSON) and the JSON length.
    static func parseFixed(_ raw: UnsafeRawBufferPointer) -> (SegmentHeader, jsonLength: Int)? {
        guard raw.count >= RecordFormat.segmentHeaderSize,
              Array(raw[0..<8]) == RecordFormat.segmentMagic else { return nil }
        var header = SegmentHeader(number: Int(raw.u32(12)), createdNanoseconds: raw.i64(16),
                                   recordingID: Array(raw[24..<40]), json: "")
        header.majorVersion = raw.u16(8)
        header.minorVersion = raw.u16(10)
        return (header, Int(raw.u32(40)))
    }

    /// Checks the header checksum over the fixed bytes and the JSON bytes.
    static func checksumMatches(fixed: UnsafeRawBufferPointer, json: [UInt8]) -> Bool {
        var hash = XXH64()
        hash.update(UnsafeRawBufferPointer(rebasing: fixed[0..<48]))
        hash.update(json)
        return hash.digest() == fixed.u64(48)
    }
}
