/// Where one record is, and what it holds, without reading it.
///
/// On disk (index sidecar, 32 bytes per entry): record offset u64, train ID u64 (0 when
/// unknown), receive time i64 ns, flags u32, low 32 bits of XXH64 of the preceding 28 bytes.
public struct RecordIndexEntry: Sendable, Equatable {
    /// Position of the segment in the recording's segment list.
    public var segment: Int
    /// Byte offset of the record inside the segment file.
    public var offset: Int
    /// The message's train ID, if it had one.
    public var trainID: UInt64?
    /// Receive time in nanoseconds since the Unix epoch.
    public var receivedAtNanoseconds: Int64
    /// Record flags.
    public var flags: RecordFlags

    public init(segment: Int, offset: Int, trainID: UInt64?, receivedAtNanoseconds: Int64, flags: RecordFlags) {
        self.segment = segment
        self.offset = offset
        self.trainID = trainID
        self.receivedAtNanoseconds = receivedAtNanoseconds
        self.flags = flags
    }

    /// Receive time in seconds since the Unix epoch.
    public var receivedAt: Double { Double(receivedAtNanoseconds) / 1e9 }

    /// The 32 bytes stored in the index file.
    func encoded() -> [UInt8] {
        var w = ByteWriter(capacity: RecordFormat.indexEntrySize)
        w.put(UInt64(offset))
        w.put(trainID ?? 0)
        w.put(receivedAtNanoseconds)
        w.put(flags.rawValue)
        let check = w.bytes.withUnsafeBytes { UInt32(truncatingIfNeeded: XXH64.hash($0)) }
        w.put(check)
        return w.bytes
    }

    /// Parses one stored entry; nil when its checksum does not match (a torn or damaged entry).
    static func parse(_ raw: UnsafeRawBufferPointer, segment: Int) -> RecordIndexEntry? {
        guard raw.count >= RecordFormat.indexEntrySize else { return nil }
        let check = UInt32(truncatingIfNeeded: XXH64.hash(UnsafeRawBufferPointer(rebasing: raw[0..<28])))
        guard check == raw.u32(28) else { return nil }
        let flags = RecordFlags(rawValue: raw.u32(24))
        return RecordIndexEntry(segment: segment, offset: Int(raw.u64(0)),
                                trainID: flags.contains(.hasTrainID) ? raw.u64(8) : nil,
                                receivedAtNanoseconds: raw.i64(16), flags: flags)
    }

    /// The index file header: magic, version, segment number, recording ID.
    static func indexHeader(segmentNumber: Int, recordingID: [UInt8]) -> [UInt8] {
        var w = ByteWriter(capacity: RecordFormat.indexHeaderSize)
        w.put(RecordFormat.indexMagic)
        w.put(RecordFormat.majorVersion)
        w.put(RecordFormat.minorVersion)
        w.put(UInt32(segmentNumber))
        w.put(recordingID)
        return w.bytes
    }
}
